import { Module } from '@nestjs/common';
import { ProviderModule } from '../provider/index.js';
import { RedirectRulesService } from './application/redirect-rules.service.js';
import { RedirectRulesController } from './http/redirect-rules.controller.js';

@Module({
  imports: [ProviderModule],
  providers: [RedirectRulesService],
  controllers: [RedirectRulesController],
  exports: [RedirectRulesService],
})
export class RedirectRulesModule {}
