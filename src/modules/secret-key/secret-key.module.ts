import { Module } from '@nestjs/common';
import { ProviderModule } from '../provider/index.js';
import { SessionModule } from '../session/index.js';
import { SecretKeyService } from './application/secret-key.service.js';
import { SecretKeyCheckRepository } from './infrastructure/secret-key-check.repository.js';

@Module({
  imports: [ProviderModule, SessionModule],
  providers: [SecretKeyCheckRepository, SecretKeyService],
  exports: [SecretKeyService],
})
export class SecretKeyModule {}
