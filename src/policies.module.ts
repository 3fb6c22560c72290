import { Global, Module } from '@nestjs/common';
import { AdminNetworkPolicy, AllowAnyNetwork } from './modules/api-token/index.js';
import { ErrorPageRenderer, PlainErrorPageRenderer } from './common/error-page.js';

/**
 * Cross-module seams: the admin API's network policy and the browser error page. Provided
 * here, globally, so the module that owns each decision can be swapped in without cycles.
 */
@Global()
@Module({
  providers: [
    { provide: AdminNetworkPolicy, useClass: AllowAnyNetwork },
    { provide: ErrorPageRenderer, useClass: PlainErrorPageRenderer },
  ],
  exports: [AdminNetworkPolicy, ErrorPageRenderer],
})
export class PoliciesModule {}
