import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ProviderEntity } from './infrastructure/provider.entity.js';
import { ProviderService } from './application/provider.service.js';
import { OidcClients } from './application/oidc-clients.js';
import { TestConfigurationService } from './application/test-configuration.service.js';
import { ProviderController } from './http/provider.controller.js';

@Module({
  imports: [TypeOrmModule.forFeature([ProviderEntity])],
  providers: [ProviderService, OidcClients, TestConfigurationService],
  controllers: [ProviderController],
  exports: [ProviderService, OidcClients, TestConfigurationService],
})
export class ProviderModule {}
