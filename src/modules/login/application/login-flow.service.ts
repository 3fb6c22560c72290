import { Inject, Injectable } from '@nestjs/common';
import * as client from 'openid-client';
import type { Logger } from 'pino';
import { flattenClaims, readClaim } from '../../../common/claims.js';
import { DomainError } from '../../../common/domain-error.js';
import { LOGGER } from '../../../common/logger.js';
import { AuditService } from '../../audit/index.js';
import { GroupMappingService } from '../../group-mapping/index.js';
import { MetricsService } from '../../metrics/index.js';
import {
  ProviderService,
  TestConfigurationService,
  type Provider,
  type ProviderWithSecret,
  type TestResult,
} from '../../provider/index.js';
import type { CreatedSession } from '../../session/index.js';
import { SignInSettingsService, isEmailDomainAllowed } from '../../sign-in/index.js';
import { UserMappingService } from '../../user-mapping/index.js';
import { checkSignInOpen, checkSignInPolicy } from '../domain/sign-in-policy.js';
import { subjectOf } from '../domain/subject-of.js';
import type { AccountPlan } from './account-plan.js';
import { IdentityExchange, type VerifiedIdentity } from './identity-exchange.js';
import { LoginTransactions } from './login-transactions.js';
import { Provisioner } from './provisioner.js';
import { describePlan, type MappingPreview } from './describe-plan.js';

export interface StartRequest {
  readonly slug: string;
  readonly returnTo: string;
  readonly rememberMe: boolean;
  readonly mode: 'login' | 'test';
  readonly loginHint: string | null;
  readonly binding: string;
}

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

/**
 * The login flow, one explicit sequence: state and browser binding → code exchange and ID token
 * validation → userinfo → claims → sign-in policy → profile mapping → the account → group plan →
 * one transaction (user, memberships, link, session) → audit → cookie and redirect.
 */
@Injectable()
export class LoginFlowService {
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
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

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
    const url = await this.exchange.authorizationUrl(entry, tx, request.loginHint);
    await this.transactions.save(tx, request.binding);
    return url;
  }

  async callback(request: CallbackRequest): Promise<CallbackOutcome> {
    const started = process.hrtime.bigint();
    let entry: ProviderWithSecret | undefined;
    let mode: 'login' | 'test' = 'login';
    try {
      entry = await this.provider(request.slug);
      const tx = request.state ? await this.transactions.consume(request.state, request.binding) : null;
      if (!tx || tx.providerId !== entry.provider.id) {
        throw new DomainError(
          'SSO_STATE_INVALID',
          'This sign-in link is not valid here: it was used already, expired, or began in another browser.',
        );
      }
      mode = tx.mode;
      if (tx.mode === 'test') return await this.testCallback(entry, tx, request.query);
      const identity = await this.exchange.verify(entry, tx, request.query);
      const result = await this.signIn(entry, identity, tx.rememberMe, request);
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      this.metrics.loginCompleted(entry.provider.slug, 'success', seconds);
      this.logger.info(
        { event: 'login', outcome: 'success', provider: entry.provider.slug, userId: result.userId, reqId: request.requestId },
        'signed in',
      );
      return { kind: 'login', session: result.session, returnTo: tx.returnTo, userId: result.userId };
    } catch (error) {
      if (mode === 'login') this.recordFailure(error, entry, request, Number(process.hrtime.bigint() - started) / 1e9);
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
    const policy = await this.checkPolicy(provider, claims, userMapping.emailAttribute);
    if (!policy.allowed) return describePlan(null, { code: policy.code, message: policy.message });
    try {
      const plan = await this.provisioner.preview({
        providerId,
        subject,
        claims,
        userMapping,
        groupMapping: await this.groupMappings.forProvider(providerId),
      });
      return describePlan(plan, null);
    } catch (error) {
      if (error instanceof DomainError) return describePlan(null, { code: error.code, message: error.message });
      throw error;
    }
  }

  private async signIn(entry: ProviderWithSecret, identity: VerifiedIdentity, rememberMe: boolean, request: CallbackRequest) {
    const { provider } = entry;
    const userMapping = await this.userMappings.forProvider(provider);
    const policy = await this.checkPolicy(provider, identity.claims, userMapping.emailAttribute);
    if (!policy.allowed) throw new DomainError(policy.code, policy.message);
    const result = await this.provisioner.provision(
      {
        providerId: provider.id,
        subject: identity.subject,
        claims: identity.claims,
        userMapping,
        groupMapping: await this.groupMappings.forProvider(provider.id),
      },
      {
        method: 'sso',
        providerId: provider.id,
        providerSubject: identity.subject,
        providerSid: identity.providerSid,
        idToken: identity.idToken,
        rememberMe,
        ip: request.ip,
        userAgent: request.userAgent,
      },
    );
    void this.audit.record({
      type: 'login',
      outcome: 'success',
      providerId: provider.id,
      providerSlug: provider.slug,
      userId: result.userId,
      username: result.plan.username,
      ip: request.ip,
      userAgent: request.userAgent,
      requestId: request.requestId,
      details: { ...auditDetails(result.plan, result.created), replacedLinks: result.replacedSubjects },
    });
    return result;
  }

  /** Who may come in at all: SSO on, provider on, tenant, email domain (the same for a login and its preview). */
  private async checkPolicy(provider: Provider, claims: Record<string, unknown>, emailAttribute: string) {
    const settings = await this.settings.get();
    const email = readClaim(claims, emailAttribute);
    return checkSignInPolicy({
      ssoEnabled: settings.ssoEnabled,
      providerEnabled: provider.enabled,
      providerName: provider.displayName,
      allowedTenants: provider.allowedTenants,
      tenantId: typeof claims.tid === 'string' ? claims.tid : null,
      emailDomainCheck: isEmailDomainAllowed(typeof email === 'string' ? email : null, [...settings.allowedEmailDomains]),
    });
  }

  /** Test Configuration: every attribute, and what a login would do, but nobody signed in and nothing written. */
  private async testCallback(
    entry: ProviderWithSecret,
    tx: Parameters<IdentityExchange['verify']>[1],
    query: string,
  ): Promise<CallbackOutcome> {
    const { provider } = entry;
    let result: TestResult<MappingPreview | null>;
    try {
      const identity = await this.exchange.verify(entry, tx, query);
      const preview = await this.preview(provider.id, identity.claims);
      result = {
        ok: true,
        testedAt: new Date().toISOString(),
        claims: { idToken: identity.idTokenClaims, userinfo: identity.userinfo },
        attributes: flattenClaims(identity.claims),
        error: null,
        preview,
      };
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      const diagnosis = diagnosisOf(error);
      result = {
        ok: false,
        testedAt: new Date().toISOString(),
        claims: { idToken: null, userinfo: null },
        attributes: [],
        error: { code: error.code, message: error.message, ...diagnosis },
        preview: null,
      };
      this.logger.warn(
        { event: 'test-configuration', outcome: 'failure', code: error.code, provider: provider.slug, ...diagnosis },
        'test configuration failed',
      );
    }
    await this.tests.saveResult(provider.id, result);
    return { kind: 'test', result, slug: provider.slug, displayName: provider.displayName };
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
    void this.audit.record({
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

/** The diagnosis fields a provider failure carries (step, the provider's error and description, hint), or nulls. */
function diagnosisOf(error: DomainError) {
  const field = (name: string) => (typeof error.details?.[name] === 'string' ? error.details[name] : null);
  return { step: field('step'), error: field('error'), error_description: field('error_description'), hint: field('hint') };
}

function auditDetails(plan: AccountPlan, created: boolean): Record<string, unknown> {
  return {
    userCreated: created,
    accountRule: plan.decision.rule,
    groupsAdded: plan.groups?.add.map((g) => ({ group: g.group, rule: g.rule })) ?? [],
    groupsRemoved: plan.groups?.remove.map((g) => ({ group: g.group, rule: g.rule })) ?? [],
    groupsCreated: plan.groups?.create ?? [],
    groupsUnchanged: plan.groups === null || plan.groups.unchanged,
  };
}
