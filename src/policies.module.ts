import { Global, Module } from '@nestjs/common';
import { AdminNetworkPolicy, AdminSessionPolicy } from './modules/api-token/index.js';
import { SessionAuthenticator, SessionModule } from './modules/session/index.js';
import { AppConfig } from './config/index.js';
import { Clock } from './common/clock.js';
import { ConsoleSessionPolicy } from './console-session.policy.js';
import { SignInModule, SignInSettingsService } from './modules/sign-in/index.js';
import { LookAndFeelErrorPageRenderer, LookAndFeelModule } from './modules/look-and-feel/index.js';
import { ProviderModule, ProviderService } from './modules/provider/index.js';
import { ErrorPageRenderer } from './common/error-page.js';

/**
 * Cross-module seams: the admin API's network policy (a sign-in setting), the console's session
 * (a session whose user is in adminGroups), and the browser error
 * page. Provided here, globally, so the api-token module and the error filter need not know
 * the modules that decide them.
 */
@Global()
@Module({
  imports: [SignInModule, LookAndFeelModule, SessionModule, ProviderModule],
  providers: [
    {
      provide: AdminNetworkPolicy,
      inject: [SignInSettingsService],
      useFactory: (signIn: SignInSettingsService): AdminNetworkPolicy => ({ isAllowed: (ip: string) => signIn.isAdminNetworkAllowed(ip) }),
    },
    {
      provide: AdminSessionPolicy,
      inject: [SessionAuthenticator, SignInSettingsService, ProviderService, Clock, AppConfig],
      useFactory: (
        sessions: SessionAuthenticator,
        signIn: SignInSettingsService,
        providers: ProviderService,
        clock: Clock,
        config: AppConfig,
      ): AdminSessionPolicy => new ConsoleSessionPolicy(sessions, signIn, providers, clock, config),
    },
    { provide: ErrorPageRenderer, useExisting: LookAndFeelErrorPageRenderer },
  ],
  exports: [AdminNetworkPolicy, AdminSessionPolicy, ErrorPageRenderer],
})
export class PoliciesModule {}
