import { Inject, Injectable } from '@nestjs/common';
import * as client from 'openid-client';
import type { Logger } from 'pino';
import { DomainError } from '../../../common/domain-error.js';
import { LOGGER } from '../../../common/logger.js';
import { AuditService } from '../../audit/index.js';
import { GroupMappingService } from '../../group-mapping/index.js';
import { MetricsService } from '../../metrics/index.js';
import { ProviderService, TestConfigurationService, type ProviderWithSecret } from '../../provider/index.js';
import { SignInSettingsService } from '../../sign-in/index.js';
import { UserMappingService } from '../../user-mapping/index.js';
import { checkSignInOpen } from '../domain/sign-in-policy.js';
import { subjectOf } from '../domain/subject-of.js';
import {
  required,
  type CallbackContext,
  type CallbackOutcome,
  type CallbackRequest,
  type CallbackServices,
} from './callback/callback-context.js';
import { CALLBACK_STEPS } from './callback/callback-steps.js';
import { diagnosisOf } from './callback/run-test-configuration.js';
import { describePlan, describeRefusal, refusalOf, type MappingPreview } from './describe-plan.js';
import { IdentityExchange } from './identity-exchange.js';
import { LoginTransactions } from '../infrastructure/login-transactions.repository.js';
import { Provisioner } from './provisioner.js';
import { RefreshTokens } from './resync/refresh-tokens.js';
import { signInPolicyFor } from './sign-in-policy-input.js';

export interface StartRequest {
  readonly slug: string;
  readonly returnTo: string;
  readonly rememberMe: boolean;
  readonly mode: 'login' | 'test';
  readonly loginHint: string | null;
  /** The OIDC `prompt` to ask for (parseStartPrompt), e.g. `login` to have the provider ask for the credentials again. */
  readonly prompt: string | null;
  readonly binding: string;
}

export type { CallbackOutcome, CallbackRequest } from './callback/callback-context.js';

/**
 * The login flow: the start, the callback as the ordered steps of `CALLBACK_STEPS` (state and
 * browser binding → code exchange and ID token validation → userinfo → sign-in policy → profile
 * mapping → the account → group plan → one transaction → audit), and the mapping preview.
 */
@Injectable()
export class LoginFlowService {
  private readonly services: CallbackServices;

  constructor(
    private readonly providers: ProviderService,
    private readonly transactions: LoginTransactions,
    private readonly exchange: IdentityExchange,
    private readonly provisioner: Provisioner,
    private readonly settings: SignInSettingsService,
    private readonly userMappings: UserMappingService,
    private readonly groupMappings: GroupMappingService,
    private readonly tests: TestConfigurationService,
    private readonly audit: AuditService,
    private readonly metrics: MetricsService,
    refreshTokens: RefreshTokens,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.services = {
      providers,
      transactions,
      exchange,
      provisioner,
      settings,
      userMappings,
      groupMappings,
      tests,
      audit,
      refreshTokens,
      logger,
      preview: (providerId, claims) => this.preview(providerId, claims),
    };
  }

  /** The provider's authorization URL for a new transaction bound to this browser. */
  async start(request: StartRequest): Promise<string> {
    const entry = await this.provider(request.slug);
    if (request.mode === 'login') {
      const open = checkSignInOpen({
        ssoEnabled: (await this.settings.get()).ssoEnabled,
        providerEnabled: entry.provider.enabled,
        providerName: entry.provider.displayName,
      });
      if (!open.allowed) throw new DomainError(open.code, open.message);
    }
    const tx = {
      state: client.randomState(),
      providerId: entry.provider.id,
      nonce: entry.provider.kind === 'oidc' ? client.randomNonce() : null,
      codeVerifier: client.randomPKCECodeVerifier(),
      returnTo: request.returnTo,
      rememberMe: request.rememberMe,
      mode: request.mode,
    };
    const url = await this.exchange.authorizationUrl(entry, tx, request.loginHint, request.prompt);
    await this.transactions.save(tx, request.binding);
    return url;
  }

  /** Runs CALLBACK_STEPS in order until one of them sets the outcome. */
  async callback(request: CallbackRequest): Promise<CallbackOutcome> {
    const started = process.hrtime.bigint();
    const ctx: CallbackContext = { request };
    try {
      for (const step of CALLBACK_STEPS) {
        await step(ctx, this.services);
        if (ctx.outcome) break;
      }
      const outcome = required(ctx.outcome, 'outcome');
      if (outcome.kind === 'login') {
        const slug = ctx.entry!.provider.slug;
        this.metrics.loginCompleted(slug, 'success', Number(process.hrtime.bigint() - started) / 1e9);
        this.logger.info(
          { event: 'login', outcome: 'success', provider: slug, userId: outcome.userId, reqId: request.requestId },
          'signed in',
        );
      }
      return outcome;
    } catch (error) {
      if (ctx.transaction?.mode !== 'test') this.recordFailure(error, ctx.entry, request, Number(process.hrtime.bigint() - started) / 1e9);
      throw error;
    }
  }

  /** The mapping preview: what a login with these claims would do, nothing written. */
  async preview(providerId: string, claims: Record<string, unknown>, username?: string): Promise<MappingPreview> {
    const provider = await this.providers.get(providerId);
    const subject = subjectOf(claims, provider) ?? '';
    let userMapping = await this.userMappings.forProvider(provider);
    if (username) {
      // The override is read through a claim of its own, whatever path the mapping names.
      claims = { ...claims, 'sesame:preview-username': username };
      userMapping = { ...userMapping, usernameAttribute: 'sesame:preview-username' };
    }
    const policy = await signInPolicyFor(this.settings, provider, claims, userMapping.emailAttribute);
    if (!policy.allowed) return describeRefusal({ ...policy, at: 'sign-in' });
    try {
      const plan = await this.provisioner.preview({
        providerId,
        subject,
        claims,
        userMapping,
        groupMapping: await this.groupMappings.forProvider(providerId),
      });
      return describePlan(plan, policy);
    } catch (error) {
      if (error instanceof DomainError) return describeRefusal(refusalOf(error));
      throw error;
    }
  }

  private async provider(slug: string): Promise<ProviderWithSecret> {
    const entry = /^[a-z0-9-]{2,40}$/.test(slug) ? await this.providers.findBySlug(slug) : null;
    if (!entry) throw new DomainError('SSO_PROVIDER_UNKNOWN', 'There is no identity provider here by that name.');
    return entry;
  }

  private recordFailure(error: unknown, entry: ProviderWithSecret | undefined, request: CallbackRequest, seconds: number): void {
    const code = error instanceof DomainError ? error.code : 'INTERNAL';
    const slug = entry?.provider.slug ?? 'unknown';
    this.metrics.loginCompleted(slug, code, seconds);
    const diagnosis = error instanceof DomainError && error.details?.step ? diagnosisOf(error) : {};
    this.logger.warn(
      {
        event: 'login',
        outcome: 'failure',
        code,
        provider: slug,
        reqId: request.requestId,
        reason: (error as Error).message,
        ...diagnosis,
      },
      'sign-in refused',
    );
    this.audit.recordLater({
      type: 'login',
      outcome: 'failure',
      code,
      providerId: entry?.provider.id ?? null,
      providerSlug: entry?.provider.slug ?? null,
      ip: request.ip,
      userAgent: request.userAgent,
      requestId: request.requestId,
      details: { reason: (error as Error).message, ...(error instanceof DomainError ? error.details : {}) },
    });
  }
}
