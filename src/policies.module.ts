import { Global, Module } from '@nestjs/common';
import { AdminNetworkPolicy } from './modules/api-token/index.js';
import { SignInModule, SignInSettingsService } from './modules/sign-in/index.js';
import { LookAndFeelErrorPageRenderer, LookAndFeelModule } from './modules/look-and-feel/index.js';
import { ErrorPageRenderer } from './common/error-page.js';

/**
 * Cross-module seams: the admin API's network policy (a sign-in setting) and the browser error
 * page. Provided here, globally, so the api-token module and the error filter need not know
 * the modules that decide them.
 */
@Global()
@Module({
  imports: [SignInModule, LookAndFeelModule],
  providers: [
    {
      provide: AdminNetworkPolicy,
      inject: [SignInSettingsService],
      useFactory: (signIn: SignInSettingsService): AdminNetworkPolicy => ({ isAllowed: (ip: string) => signIn.isAdminNetworkAllowed(ip) }),
    },
    { provide: ErrorPageRenderer, useExisting: LookAndFeelErrorPageRenderer },
  ],
  exports: [AdminNetworkPolicy, ErrorPageRenderer],
})
export class PoliciesModule {}
