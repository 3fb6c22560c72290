import type { Logger } from 'pino';
import type { AuditService } from '../../../audit/index.js';
import type { GroupMappingService } from '../../../group-mapping/index.js';
import type { ProviderService, ProviderWithSecret, TestConfigurationService, TestResult } from '../../../provider/index.js';
import type { CreatedSession } from '../../../session/index.js';
import type { SignInSettingsService } from '../../../sign-in/index.js';
import type { UserMapping, UserMappingService } from '../../../user-mapping/index.js';
import type { MappingPreview } from '../describe-plan.js';
import type { IdentityExchange, VerifiedIdentity } from '../identity-exchange.js';
import type { LoginTransaction } from '../../infrastructure/login-transactions.repository.js';
import type { ProvisionResult, Provisioner } from '../provisioner.js';
import type { RefreshTokens } from '../resync/refresh-tokens.js';

export interface CallbackRequest {
  readonly slug: string;
  readonly query: string;
  readonly state: string | undefined;
  readonly binding: string | undefined;
  readonly ip: string | null;
  readonly userAgent: string | null;
  readonly requestId: string;
}

export type CallbackOutcome =
  | { readonly kind: 'login'; readonly session: CreatedSession; readonly returnTo: string; readonly userId: string }
  | { readonly kind: 'test'; readonly result: TestResult<MappingPreview | null>; readonly slug: string; readonly displayName: string };

/** What the steps of one callback learn, in order; each step reads what earlier steps set. */
export interface CallbackContext {
  readonly request: CallbackRequest;
  entry?: ProviderWithSecret;
  transaction?: LoginTransaction;
  identity?: VerifiedIdentity;
  userMapping?: UserMapping;
  provisioned?: ProvisionResult;
  /** Set by the step that finishes the callback; no later step runs. */
  outcome?: CallbackOutcome;
}

/** The services the steps use. */
export interface CallbackServices {
  readonly providers: ProviderService;
  readonly transactions: { consume(state: string, binding: string | undefined): Promise<LoginTransaction | null> };
  readonly exchange: IdentityExchange;
  readonly provisioner: Provisioner;
  readonly settings: SignInSettingsService;
  readonly userMappings: UserMappingService;
  readonly groupMappings: GroupMappingService;
  readonly tests: TestConfigurationService;
  readonly audit: AuditService;
  readonly refreshTokens: RefreshTokens;
  readonly logger: Logger;
  /** The mapping preview, for Test Configuration. */
  preview(providerId: string, claims: Record<string, unknown>): Promise<MappingPreview>;
}

export type CallbackStep = (ctx: CallbackContext, services: CallbackServices) => Promise<void>;

/** What a step needs that an earlier step must have set: a missing one is a bug in the step list, not the request's fault. */
export function required<T>(value: T | undefined, name: string): T {
  if (value === undefined) throw new Error(`callback step order: ${name} is not set yet`);
  return value;
}
