import { checkPolicy } from './check-sign-in-policy.js';
import { checkState } from './check-state.js';
import { exchangeCode } from './exchange-code.js';
import { findProvider } from './find-provider.js';
import { provisionAccount } from './provision-account.js';
import { recordLogin } from './record-login.js';
import { runTestConfiguration } from './run-test-configuration.js';
import type { CallbackStep } from './callback-context.js';

/**
 * The callback, in order (DESIGN.md's sequence). Each step is one file with a one-line header;
 * a step that sets `ctx.outcome` ends the list. The cookie and redirect are the controller's.
 */
export const CALLBACK_STEPS: readonly CallbackStep[] = [
  findProvider, // the provider named in the path
  checkState, // state and browser binding, the provider mix-up check
  runTestConfiguration, // a Test Configuration transaction ends here, nothing written
  exchangeCode, // code exchange, ID token validation, userinfo (sub must match)
  checkPolicy, // SSO on, provider on, tenant, email domain
  provisionAccount, // profile mapping, find the user, group plan, ONE transaction
  recordLogin, // audit event and the outcome
];
