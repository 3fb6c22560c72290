import { Module } from '@nestjs/common';
import { AccessRulesService } from './application/access-rules.service.js';
import { AccessRulesController } from './http/access-rules.controller.js';

@Module({
  providers: [AccessRulesService],
  controllers: [AccessRulesController],
  exports: [AccessRulesService],
})
export class AccessRulesModule {}
