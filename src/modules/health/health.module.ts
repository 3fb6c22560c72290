import { Module } from '@nestjs/common';
import { HealthController } from './health.controller.js';
import { DatabaseProbe } from './infrastructure/database-probe.js';

@Module({ providers: [DatabaseProbe], controllers: [HealthController] })
export class HealthModule {}
