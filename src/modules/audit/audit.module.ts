import { Global, Module } from '@nestjs/common';
import { AuditService } from './application/audit.service.js';
import { AuditRetentionScheduler } from './application/audit-retention.scheduler.js';
import { AuditEventRepository } from './infrastructure/audit-event.repository.js';
import { AuditController } from './http/audit.controller.js';

/** Global: every admin controller records its changes, and none should have to import this module to do so. */
@Global()
@Module({
  providers: [AuditService, AuditEventRepository, AuditRetentionScheduler],
  controllers: [AuditController],
  exports: [AuditService],
})
export class AuditModule {}
