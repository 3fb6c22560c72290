import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ProviderEntity } from './infrastructure/provider.entity.js';
import { ProviderService } from './application/provider.service.js';
import { ProviderSecretsReseal } from './application/provider-secrets-reseal.js';
import { OidcClients } from './application/oidc-clients.js';
import { ProvidersRepository } from './infrastructure/providers.repository.js';
import { TestConfigurationRepository } from './infrastructure/test-configuration.repository.js';
import { TestConfigurationService } from './application/test-configuration.service.js';
import { ProviderController } from './http/provider.controller.js';

@Module({
  imports: [TypeOrmModule.forFeature([ProviderEntity])],
  providers: [
    ProvidersRepository,
    ProviderService,
    OidcClients,
    TestConfigurationRepository,
    TestConfigurationService,
    ProviderSecretsReseal,
  ],
  controllers: [ProviderController],
  exports: [ProviderService, OidcClients, TestConfigurationService, ProviderSecretsReseal],
})
export class ProviderModule {}
