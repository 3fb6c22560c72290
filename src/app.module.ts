import { Module, type DynamicModule } from '@nestjs/common';
import type { Logger } from 'pino';
import type { AppConfig } from './config/index.js';
import type { ChangeBus } from './common/change-bus.js';
import { CoreModule } from './core.module.js';
import { DatabaseModule } from './database/database.module.js';
import { ApiTokenModule } from './modules/api-token/index.js';
import { DirectoryModule } from './modules/directory/index.js';
import { HealthModule } from './modules/health/index.js';
import { PoliciesModule } from './policies.module.js';
import { SettingsModule } from './modules/settings/index.js';
import { MetricsModule } from './modules/metrics/index.js';
import { AuditModule } from './modules/audit/index.js';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig, logger: Logger, changes: ChangeBus): DynamicModule {
    return {
      module: AppModule,
      imports: [
        CoreModule.forRoot(config, logger, changes),
        DatabaseModule.forRoot(config),
        PoliciesModule,
        SettingsModule,
        ApiTokenModule,
        DirectoryModule,
        HealthModule,
        MetricsModule,
        AuditModule,
      ],
    };
  }
}
