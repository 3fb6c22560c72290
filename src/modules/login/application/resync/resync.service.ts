import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { Clock } from '../../../../common/clock.js';
import { DomainError } from '../../../../common/domain-error.js';
import { LOGGER } from '../../../../common/logger.js';
import { AuditService } from '../../../audit/index.js';
import { GroupMappingService } from '../../../group-mapping/index.js';
import { MetricsService } from '../../../metrics/index.js';
import { ProviderService, type ProviderWithSecret } from '../../../provider/index.js';
import { LiveSessionsRepository, SessionsService } from '../../../session/index.js';
import { SignInSettingsService } from '../../../sign-in/index.js';
import { UserMappingService } from '../../../user-mapping/index.js';
import { nextDue, refreshRefusal, ruleRefusal, type ResyncResult } from '../../domain/resync-schedule.js';
import { ResyncIdentitiesRepository, type ResyncIdentity } from '../../infrastructure/resync-identities.repository.js';
import { Provisioner, type ResyncApplied } from '../provisioner.js';
import { signInPolicyFor } from '../sign-in-policy-input.js';
import { IdentityRefresh } from './identity-refresh.js';
import { RefreshTokens } from './refresh-tokens.js';

/** What one re-sync of one person did, and the rule that decided it. */
export interface ResyncReport {
  readonly providerId: string;
  readonly userId: string;
  readonly result: ResyncResult;
  readonly rule: string;
  readonly groupsAdded: readonly string[];
  readonly groupsRemoved: readonly string[];
  readonly profileChanged: readonly string[];
}

export type ResyncTrigger = 'schedule' | 'admin';

/** Long enough for a slow provider; a crashed instance's people are picked up again after it. */
const LEASE_MS = 5 * 60_000;
/** An administrator's "re-sync now" for a whole provider does at most this many people in one answer. */
const MAX_ON_DEMAND = 1000;

/**
 * Re-checks people who signed in through a provider that re-syncs: refresh, read the claims, run
 * the login's own plan (mapProfile → decideAccount → planGroups, sign-in policy), write the
 * changes, and end the sessions when the provider or the rules would refuse a login now.
 */
@Injectable()
export class ResyncService {
  constructor(
    private readonly identities: ResyncIdentitiesRepository,
    private readonly providers: ProviderService,
    private readonly refresh: IdentityRefresh,
    private readonly tokens: RefreshTokens,
    private readonly provisioner: Provisioner,
    private readonly settings: SignInSettingsService,
    private readonly userMappings: UserMappingService,
    private readonly groupMappings: GroupMappingService,
    private readonly sessions: SessionsService,
    private readonly live: LiveSessionsRepository,
    private readonly audit: AuditService,
    private readonly metrics: MetricsService,
    private readonly clock: Clock,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /** The scheduler: up to `limit` people of this provider whose time has come. */
  async runDue(providerId: string, limit: number): Promise<ResyncReport[]> {
    const rows = await this.identities.claim({ providerId, due: true }, this.clock.now(), LEASE_MS, limit);
    return this.each(rows, 'schedule');
  }

  /** An administrator's "re-sync now" for one user: every provider the user re-syncs through. */
  async resyncUser(userId: string): Promise<ResyncReport[]> {
    return this.each(await this.identities.claim({ userId, due: false }, this.clock.now(), LEASE_MS, 100), 'admin');
  }

  /** An administrator's "re-sync now" for a provider: everyone signed in through it (people another instance is re-syncing are left to it). */
  async resyncProvider(providerId: string): Promise<ResyncReport[]> {
    return this.each(await this.identities.claim({ providerId, due: false }, this.clock.now(), LEASE_MS, MAX_ON_DEMAND), 'admin');
  }

  private async each(rows: readonly ResyncIdentity[], trigger: ResyncTrigger): Promise<ResyncReport[]> {
    const reports: ResyncReport[] = [];
    // One at a time: the rate limit is the scheduler's, and one provider is not asked in parallel bursts.
    for (const row of rows) reports.push(await this.one(row, trigger));
    return reports;
  }

  private async one(row: ResyncIdentity, trigger: ResyncTrigger): Promise<ResyncReport> {
    const now = this.clock.now();
    const entry = await this.entry(row.providerId);
    const slug = entry?.provider.slug ?? 'unknown';
    if (trigger === 'schedule') this.metrics.resyncLagged(slug, (now.getTime() - new Date(row.dueAt).getTime()) / 1000);
    try {
      const report = await this.decide(row, entry, now);
      await this.record(report, entry, trigger);
      return report;
    } catch (error) {
      // Never lose the row to an unexpected error: it is tried again after the backoff.
      this.logger.warn({ err: error, event: 'resync', provider: slug, userId: row.userId }, 're-sync failed');
      const report = await this.fail(row, entry, 'an unexpected error (see the log)', now);
      await this.record(report, entry, trigger);
      return report;
    }
  }

  private async decide(row: ResyncIdentity, entry: ProviderWithSecret | null, now: Date): Promise<ResyncReport> {
    if (!entry || !entry.provider.enabled || !entry.provider.resync.enabled)
      return this.skip(row, 'the provider is off or does not re-sync');
    if (!(await this.live.existFor(row.providerId, row.subject, now))) return this.skip(row, 'nobody is signed in through this identity');
    const refreshToken = this.tokens.open(row.providerId, row.subject, row.refreshTokenSealed);
    if (refreshToken === null) return this.skip(row, 'the refresh token opens with no configured key; the next login keeps a new one');

    const refreshed = await this.refresh.refresh(entry, row.subject, refreshToken, row.graphGroups);
    if (!refreshed.ok) {
      const rule = refreshed.oauthError ? `${refreshed.reason}: ${refreshed.oauthError}` : refreshed.reason;
      return refreshRefusal(refreshed.oauthError) === 'ended' ? this.end(row, rule) : this.fail(row, entry, rule, now);
    }
    const { provider } = entry;
    const userMapping = await this.userMappings.forProvider(provider);
    const policy = await signInPolicyFor(this.settings, provider, refreshed.claims, userMapping.emailAttribute);
    if (!policy.allowed) return this.end(row, `sign-in policy: ${policy.code}`);
    let applied: ResyncApplied | null;
    try {
      applied = await this.provisioner.resync({
        providerId: provider.id,
        subject: row.subject,
        claims: refreshed.claims,
        userMapping,
        groupMapping: await this.groupMappings.forProvider(provider.id),
      });
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      const rule = `${error.code}: ${typeof error.details?.rule === 'string' ? error.details.rule : error.message}`;
      return ruleRefusal(error.code) === 'ended' ? this.end(row, rule) : this.fail(row, entry, rule, now);
    }
    if (applied === null) return this.skip(row, 'the identity is no longer linked to a user');

    await this.identities.finish(
      row.id,
      {
        dueAt: nextDue(this.clock.nowMs(), provider.resync.intervalSeconds, 0),
        failures: 0,
        outcome: applied.changed ? 'changed' : 'unchanged',
        refreshTokenSealed: this.tokens.seal(provider.id, row.subject, refreshed.refreshToken),
        graphGroups: refreshed.graphGroups,
      },
      this.clock.now(),
    );
    const { plan } = applied;
    const groups = plan.groups;
    return {
      ...this.base(row),
      result: applied.changed ? 'changed' : 'unchanged',
      rule: plan.decision.rule,
      groupsAdded: groups?.add.map((g) => `${g.group} (${g.rule})`) ?? [],
      groupsRemoved: groups?.remove.map((g) => `${g.group} (${g.rule})`) ?? [],
      profileChanged: plan.decision.action === 'use' ? Object.keys(plan.decision.profileChanges) : [],
    };
  }

  /** The provider or the login's rules refuse the person now: every session through this identity ends, on every instance. */
  private async end(row: ResyncIdentity, rule: string): Promise<ResyncReport> {
    await this.sessions.endForProviderSession(row.providerId, row.subject, undefined);
    await this.identities.remove(row.id);
    return { ...this.base(row), result: 'ended', rule };
  }

  private async fail(row: ResyncIdentity, entry: ProviderWithSecret | null, rule: string, now: Date): Promise<ResyncReport> {
    const failures = row.failures + 1;
    const interval = entry?.provider.resync.intervalSeconds ?? 900;
    await this.identities.finish(row.id, { dueAt: nextDue(now.getTime(), interval, failures), failures, outcome: 'failed' }, now);
    return { ...this.base(row), result: 'failed', rule };
  }

  private async skip(row: ResyncIdentity, rule: string): Promise<ResyncReport> {
    await this.identities.remove(row.id);
    return { ...this.base(row), result: 'skipped', rule };
  }

  private base(row: ResyncIdentity) {
    return { providerId: row.providerId, userId: row.userId, groupsAdded: [], groupsRemoved: [], profileChanged: [] };
  }

  private async entry(providerId: string): Promise<ProviderWithSecret | null> {
    const provider = await this.providers.find(providerId);
    return provider ? this.providers.findBySlug(provider.slug) : null;
  }

  private async record(report: ResyncReport, entry: ProviderWithSecret | null, trigger: ResyncTrigger): Promise<void> {
    const slug = entry?.provider.slug ?? 'unknown';
    this.metrics.resync(slug, report.result);
    const refused = report.result === 'ended' || report.result === 'failed';
    this.logger.info({ event: 'resync', provider: slug, userId: report.userId, result: report.result, trigger }, 're-sync');
    await this.audit.record({
      type: 'resync',
      outcome: refused ? 'failure' : 'success',
      code: refused ? `RESYNC_${report.result.toUpperCase()}` : null,
      providerId: report.providerId,
      providerSlug: entry?.provider.slug ?? null,
      userId: report.userId,
      details: {
        result: report.result,
        trigger,
        rule: report.rule,
        groupsAdded: report.groupsAdded,
        groupsRemoved: report.groupsRemoved,
        profileChanged: report.profileChanged,
      },
    });
  }
}
