import { Module, type DynamicModule } from '@nestjs/common';
import type { Logger } from 'pino';
import type { AppConfig } from './config/index.js';
import type { ChangeBus } from './common/change-bus.js';
import type { Clock } from './common/clock.js';
import { CoreModule } from './core.module.js';
import { DatabaseModule } from './database/database.module.js';
import { PoliciesModule } from './policies.module.js';
import { AccessRulesModule } from './modules/access-rules/index.js';
import { ApiTokenModule } from './modules/api-token/index.js';
import { AuditModule } from './modules/audit/index.js';
import { ConfigTransferModule } from './modules/config-transfer/index.js';
import { DemoModule } from './modules/demo/index.js';
import { DirectoryModule } from './modules/directory/index.js';
import { GroupMappingModule } from './modules/group-mapping/index.js';
import { HealthModule } from './modules/health/index.js';
import { LoginModule } from './modules/login/index.js';
import { LookAndFeelModule } from './modules/look-and-feel/index.js';
import { MetricsModule } from './modules/metrics/index.js';
import { ProviderModule } from './modules/provider/index.js';
import { RedirectRulesModule } from './modules/redirect-rules/index.js';
import { SecretKeyModule } from './modules/secret-key/index.js';
import { SessionModule } from './modules/session/index.js';
import { SettingsModule } from './modules/settings/index.js';
import { SignInModule } from './modules/sign-in/index.js';
import { UserMappingModule } from './modules/user-mapping/index.js';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig, logger: Logger, changes: ChangeBus, clock: Clock): DynamicModule {
    return {
      module: AppModule,
      imports: [
        CoreModule.forRoot(config, logger, changes, clock),
        DatabaseModule.forRoot(config),
        PoliciesModule,
        SettingsModule,
        AuditModule,
        MetricsModule,
        HealthModule,
        ApiTokenModule,
        DirectoryModule,
        ProviderModule,
        UserMappingModule,
        GroupMappingModule,
        SignInModule,
        RedirectRulesModule,
        AccessRulesModule,
        SessionModule,
        SecretKeyModule,
        LookAndFeelModule,
        LoginModule,
        ConfigTransferModule,
        DemoModule,
      ],
    };
  }
}
