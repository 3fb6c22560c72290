import { Module } from '@nestjs/common';
import { ProviderModule } from '../provider/index.js';
import { UserMappingService } from './application/user-mapping.service.js';
import { UserMappingController } from './http/user-mapping.controller.js';
import { ProviderPresetsController } from './http/provider-presets.controller.js';

@Module({
  imports: [ProviderModule],
  providers: [UserMappingService],
  controllers: [UserMappingController, ProviderPresetsController],
  exports: [UserMappingService],
})
export class UserMappingModule {}
