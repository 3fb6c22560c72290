import { Module } from '@nestjs/common';
import { DirectoryModule } from '../directory/index.js';
import { GroupMappingModule } from '../group-mapping/index.js';
import { LookAndFeelModule } from '../look-and-feel/index.js';
import { MetricsModule } from '../metrics/index.js';
import { ProviderModule } from '../provider/index.js';
import { RedirectRulesModule } from '../redirect-rules/index.js';
import { SessionModule } from '../session/index.js';
import { SignInModule } from '../sign-in/index.js';
import { UserMappingModule } from '../user-mapping/index.js';
import { BackdoorAttempts } from './application/backdoor-attempts.js';
import { LoginAttemptsRepository } from './infrastructure/login-attempts.repository.js';
import { BackdoorService } from './application/backdoor.service.js';
import { IdentityExchange } from './application/identity-exchange.js';
import { LoginFlowService } from './application/login-flow.service.js';
import { LoginTransactions } from './infrastructure/login-transactions.repository.js';
import { Provisioner } from './application/provisioner.js';
import { GraphGroups } from './application/graph-groups.js';
import { IdentityRefresh } from './application/resync/identity-refresh.js';
import { RefreshTokens } from './application/resync/refresh-tokens.js';
import { ResyncScheduler } from './application/resync/resync.scheduler.js';
import { ResyncService } from './application/resync/resync.service.js';
import { ResyncIdentitiesRepository } from './infrastructure/resync-identities.repository.js';
import { ResyncController } from './http/resync.controller.js';
import { BackdoorController } from './http/backdoor.controller.js';
import { IdentitiesController } from './http/identities.controller.js';
import { HomeController } from './http/home.controller.js';
import { LoginController } from './http/login.controller.js';
import { LoginPage } from './http/login-page.js';
import { MappingPreviewController } from './http/mapping-preview.controller.js';
import { TestResultController } from './http/test-result.controller.js';

/** The flows that use every other module; nothing depends on it. */
@Module({
  imports: [
    DirectoryModule,
    GroupMappingModule,
    LookAndFeelModule,
    MetricsModule,
    ProviderModule,
    RedirectRulesModule,
    SessionModule,
    SignInModule,
    UserMappingModule,
  ],
  providers: [
    LoginAttemptsRepository,
    BackdoorAttempts,
    BackdoorService,
    IdentityExchange,
    LoginFlowService,
    LoginTransactions,
    Provisioner,
    LoginPage,
    GraphGroups,
    IdentityRefresh,
    RefreshTokens,
    ResyncIdentitiesRepository,
    ResyncService,
    ResyncScheduler,
  ],
  controllers: [
    BackdoorController,
    HomeController,
    IdentitiesController,
    LoginController,
    MappingPreviewController,
    ResyncController,
    TestResultController,
  ],
})
export class LoginModule {}
