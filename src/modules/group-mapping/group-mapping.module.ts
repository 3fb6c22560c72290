import { Module } from '@nestjs/common';
import { DirectoryModule } from '../directory/index.js';
import { ProviderModule } from '../provider/index.js';
import { GroupMappingService } from './application/group-mapping.service.js';
import { GroupMappingController } from './http/group-mapping.controller.js';

@Module({
  imports: [DirectoryModule, ProviderModule],
  providers: [GroupMappingService],
  controllers: [GroupMappingController],
  exports: [GroupMappingService],
})
export class GroupMappingModule {}
