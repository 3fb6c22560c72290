import { Inject, Injectable, Optional } from '@nestjs/common';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { LOGGER } from '../../common/logger.js';
import type { ErrorCode } from '../../common/domain-error.js';
import { HttpMetrics } from './http-metrics.js';
import { FastHistogram, type FastHistogramChild } from './fast-histogram.js';

export type LoginOutcome = 'success' | ErrorCode;
export type ProviderErrorKind = 'timeout' | 'bad_token' | 'unreachable' | 'error_response';
export type ForwardAuthOutcome = 'ok' | 'unauthenticated' | 'forbidden' | 'redirect';
export type BackdoorOutcome = 'success' | 'failure';

const FORWARD_AUTH_OUTCOMES: readonly ForwardAuthOutcome[] = ['ok', 'unauthenticated', 'forbidden', 'redirect'];
const BACKDOOR_OUTCOMES: readonly BackdoorOutcome[] = ['success', 'failure'];

/**
 * Sesame's Prometheus metrics, on a registry of its own: several Sesame instances in one process
 * (tests) must not collide in prom-client's global registry.
 */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();

  private readonly logins = new Counter({
    name: 'sesame_logins_total',
    help: 'Completed SSO logins by provider and outcome (success or the refusal code)',
    labelNames: ['provider', 'outcome'] as const,
    registers: [this.registry],
  });
  private readonly loginDuration = new Histogram({
    name: 'sesame_login_duration_seconds',
    help: 'Time from the callback request to the login decision, provider round trips included',
    labelNames: ['provider', 'result'] as const,
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30],
    registers: [this.registry],
  });
  private readonly providerRoundTrips = new Histogram({
    name: 'sesame_provider_round_trip_seconds',
    help: 'Time spent waiting for the identity provider (token exchange, userinfo) during one login',
    labelNames: ['provider'] as const,
    buckets: [0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10],
    registers: [this.registry],
  });
  private readonly providerErrors = new Counter({
    name: 'sesame_provider_errors_total',
    help: 'Identity provider failures by kind',
    labelNames: ['provider', 'kind'] as const,
    registers: [this.registry],
  });
  /** Runs on every forward-auth request: allocation-free series; the counter reads their counts. */
  private readonly forwardAuthChecks = new FastHistogram(
    'sesame_forward_auth_check_duration_seconds',
    'Forward-auth checks (GET /auth/check) by outcome',
    ['outcome'],
    [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25],
    this.registry,
  );
  private readonly backdoorAttempts = new Counter({
    name: 'sesame_backdoor_attempts_total',
    help: 'Backdoor (local password) login attempts by outcome',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });
  private readonly scimRequests = new Counter({
    name: 'sesame_scim_requests_total',
    help: 'SCIM provisioning requests by provider, resource, method and outcome (the HTTP status)',
    labelNames: ['provider', 'resource', 'method', 'status'] as const,
    registers: [this.registry],
  });
  private readonly resyncOutcomes = new Counter({
    name: 'sesame_resync_total',
    help: 'Background and on-demand re-syncs by provider and outcome (changed, unchanged, ended, failed, skipped)',
    labelNames: ['provider', 'outcome'] as const,
    registers: [this.registry],
  });
  private readonly resyncLag = new Histogram({
    name: 'sesame_resync_lag_seconds',
    help: 'How late a scheduled re-sync ran after it was due, by provider',
    labelNames: ['provider'] as const,
    buckets: [0.1, 0.5, 1, 5, 15, 60, 300, 900, 3600],
    registers: [this.registry],
  });
  private readonly auditWriteFailures = new Counter({
    name: 'sesame_audit_write_failures_total',
    help: 'Audit events that could not be written (the action itself went ahead)',
    registers: [this.registry],
  });
  private readonly activeSessions = new Gauge({
    name: 'sesame_active_sessions',
    help: 'Sessions that are neither expired nor revoked, read at scrape time',
    registers: [this.registry],
    collect: () => this.collectActiveSessions(),
  });

  private readonly forwardAuthByOutcome: Record<ForwardAuthOutcome, FastHistogramChild>;
  private readonly backdoorByOutcome: Record<BackdoorOutcome, { inc(): void }>;
  private readonly http = new HttpMetrics(this.registry);
  private activeSessionsSource: (() => Promise<number>) | undefined;

  constructor(@Optional() @Inject(LOGGER) private readonly logger?: Logger) {
    collectDefaultMetrics({ register: this.registry });
    this.forwardAuthByOutcome = childrenFor(FORWARD_AUTH_OUTCOMES, (outcome) => this.forwardAuthChecks.child(outcome));
    this.forwardAuthChecks.countsAs('sesame_forward_auth_checks_total', 'Forward-auth checks (GET /auth/check) by outcome', this.registry);
    // Series that exist from the start, so rate() and alerts see zeros rather than gaps.
    this.backdoorByOutcome = childrenFor(BACKDOOR_OUTCOMES, (outcome) => {
      const child = this.backdoorAttempts.labels(outcome);
      child.inc(0);
      return child;
    });
    this.auditWriteFailures.inc(0);
  }

  /** `provider` is the provider's slug; `outcome` is 'success' or the refusal's error code. */
  loginCompleted(provider: string, outcome: LoginOutcome, seconds: number): void {
    this.logins.labels(provider, outcome).inc();
    // prom-client throws on NaN: a clock oddity must not turn into a failed login.
    if (Number.isFinite(seconds)) this.loginDuration.labels(provider, outcome === 'success' ? 'success' : 'failure').observe(seconds);
  }

  providerRoundTrip(provider: string, seconds: number): void {
    if (Number.isFinite(seconds)) this.providerRoundTrips.labels(provider).observe(seconds);
  }

  providerError(provider: string, kind: ProviderErrorKind): void {
    this.providerErrors.labels(provider, kind).inc();
  }

  forwardAuthCheck(outcome: ForwardAuthOutcome, seconds: number): void {
    this.forwardAuthByOutcome[outcome].observe(seconds);
  }

  backdoorAttempt(outcome: BackdoorOutcome): void {
    this.backdoorByOutcome[outcome].inc();
  }

  scimRequest(provider: string, resource: string, method: string, status: number): void {
    this.scimRequests.labels(provider, resource, method, String(status)).inc();
  }

  resync(provider: string, outcome: string): void {
    this.resyncOutcomes.labels(provider, outcome).inc();
  }

  resyncLagged(provider: string, seconds: number): void {
    this.resyncLag.labels(provider).observe(Math.max(0, seconds));
  }

  auditWriteFailure(): void {
    this.auditWriteFailures.inc();
  }

  /** Where `sesame_active_sessions` comes from; called at each scrape, never on a request path. */
  setActiveSessionsSource(source: () => Promise<number>): void {
    this.activeSessionsSource = source;
  }

  /**
   * Counts every HTTP request by method, route pattern and status class. Call before the
   * server is ready (Fastify refuses hooks after); calling twice for one instance is a no-op.
   */
  registerHttpMetrics(fastify: FastifyInstance): void {
    this.http.register(fastify);
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  /** The Prometheus text exposition of every metric. */
  scrape(): Promise<string> {
    return this.registry.metrics();
  }

  private async collectActiveSessions(): Promise<void> {
    if (!this.activeSessionsSource) return;
    try {
      this.activeSessions.set(await this.activeSessionsSource());
    } catch (error) {
      // A failing count must not fail the whole scrape: the gauge keeps its last value.
      this.logger?.warn({ err: error }, 'could not count active sessions for the metrics');
    }
  }
}

function childrenFor<K extends string, C>(keys: readonly K[], make: (key: K) => C): Record<K, C> {
  return Object.fromEntries(keys.map((key) => [key, make(key)])) as Record<K, C>;
}
