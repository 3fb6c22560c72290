import { Module } from '@nestjs/common';
import { ProviderModule } from '../provider/index.js';
import { SessionModule } from '../session/index.js';
import { SecretKeyService } from './application/secret-key.service.js';

@Module({
  imports: [ProviderModule, SessionModule],
  providers: [SecretKeyService],
  exports: [SecretKeyService],
})
export class SecretKeyModule {}
