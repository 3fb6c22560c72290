import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { MetricsService } from '../../src/modules/metrics/index.js';
import { startTestSesame, type TestSesame } from '../support/test-sesame.js';

/** The value of one series (`name{labels}`) in a Prometheus text exposition, or undefined when absent. */
function seriesValue(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('GET /metrics', () => {
  let sesame: TestSesame;
  let metrics: MetricsService;
  beforeAll(async () => {
    sesame = await startTestSesame();
    metrics = sesame.sesame.app.get(MetricsService);
  });
  afterAll(() => sesame?.close());

  const scrape = async () => {
    const response = await fetch(`${sesame.url}/metrics`);
    expect(response.status).toBe(200);
    return response.text();
  };

  it('is open without SESAME_METRICS_TOKEN and speaks the Prometheus text format', async () => {
    const response = await fetch(`${sesame.url}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await response.text();
    for (const name of [
      'sesame_logins_total',
      'sesame_login_duration_seconds',
      'sesame_provider_round_trip_seconds',
      'sesame_provider_errors_total',
      'sesame_forward_auth_check_duration_seconds',
      'sesame_forward_auth_checks_total',
      'sesame_backdoor_attempts_total',
      'sesame_audit_write_failures_total',
      'sesame_active_sessions',
      'sesame_http_requests_total',
      'sesame_http_request_duration_seconds',
      'process_cpu_seconds_total',
      'nodejs_heap_size_used_bytes',
    ]) {
      expect(text).toContain(`# TYPE ${name} `);
    }
    // Pre-made series exist from the start, so dashboards and rate() see zeros rather than gaps.
    expect(seriesValue(text, 'sesame_forward_auth_check_duration_seconds_count{outcome="forbidden"}')).toBe(0);
    expect(seriesValue(text, 'sesame_forward_auth_check_duration_seconds_bucket{outcome="redirect",le="+Inf"}')).toBe(0);
    expect(seriesValue(text, 'sesame_backdoor_attempts_total{outcome="failure"}')).toBe(0);
    expect(seriesValue(text, 'sesame_audit_write_failures_total')).toBe(0);
  });

  it('moves with what the service helpers report', async () => {
    metrics.loginCompleted('okta', 'success', 0.42);
    metrics.loginCompleted('okta', 'SSO_DOMAIN_NOT_ALLOWED', 0.2);
    metrics.loginCompleted('okta', 'SSO_DOMAIN_NOT_ALLOWED', 0.3);
    metrics.providerRoundTrip('okta', 0.15);
    metrics.providerError('okta', 'timeout');
    metrics.forwardAuthCheck('ok', 0.0007);
    metrics.forwardAuthCheck('ok', 0.002);
    metrics.forwardAuthCheck('unauthenticated', 0.0004);
    metrics.backdoorAttempt('failure');
    metrics.auditWriteFailure();

    const text = await scrape();
    expect(seriesValue(text, 'sesame_logins_total{provider="okta",outcome="success"}')).toBe(1);
    expect(seriesValue(text, 'sesame_logins_total{provider="okta",outcome="SSO_DOMAIN_NOT_ALLOWED"}')).toBe(2);
    expect(seriesValue(text, 'sesame_login_duration_seconds_count{provider="okta",result="failure"}')).toBe(2);
    expect(seriesValue(text, 'sesame_login_duration_seconds_sum{provider="okta",result="success"}')).toBeCloseTo(0.42);
    expect(seriesValue(text, 'sesame_provider_round_trip_seconds_bucket{le="0.25",provider="okta"}')).toBe(1);
    expect(seriesValue(text, 'sesame_provider_errors_total{provider="okta",kind="timeout"}')).toBe(1);
    expect(seriesValue(text, 'sesame_forward_auth_check_duration_seconds_count{outcome="ok"}')).toBe(2);
    expect(seriesValue(text, 'sesame_forward_auth_check_duration_seconds_bucket{outcome="ok",le="0.0005"}')).toBe(0);
    expect(seriesValue(text, 'sesame_forward_auth_check_duration_seconds_bucket{outcome="ok",le="0.001"}')).toBe(1);
    expect(seriesValue(text, 'sesame_forward_auth_check_duration_seconds_bucket{outcome="ok",le="0.0025"}')).toBe(2);
    expect(seriesValue(text, 'sesame_forward_auth_check_duration_seconds_sum{outcome="ok"}')).toBeCloseTo(0.0027);
    expect(seriesValue(text, 'sesame_forward_auth_checks_total{outcome="ok"}')).toBe(2);
    expect(seriesValue(text, 'sesame_forward_auth_check_duration_seconds_count{outcome="unauthenticated"}')).toBe(1);
    expect(seriesValue(text, 'sesame_backdoor_attempts_total{outcome="failure"}')).toBe(1);
    expect(seriesValue(text, 'sesame_audit_write_failures_total')).toBe(1);
  });

  it('reads the active sessions from the registered source at scrape time; a failing source does not fail the scrape', async () => {
    let sessions = 3;
    metrics.setActiveSessionsSource(async () => sessions);
    expect(seriesValue(await scrape(), 'sesame_active_sessions')).toBe(3);
    sessions = 5;
    expect(seriesValue(await scrape(), 'sesame_active_sessions')).toBe(5);

    metrics.setActiveSessionsSource(async () => {
      throw new Error('database down');
    });
    expect(seriesValue(await scrape(), 'sesame_active_sessions')).toBe(5);
    expect(sesame.logs.some((line) => line.msg === 'could not count active sessions for the metrics')).toBe(true);
  });

  it('is not part of the admin API: an admin token is neither needed nor checked', async () => {
    expect((await fetch(`${sesame.url}/metrics`, { headers: { authorization: 'Bearer wrong' } })).status).toBe(200);
  });
});

describe('GET /metrics with SESAME_METRICS_TOKEN', () => {
  const token = 'metrics-scrape-token-0123456789';
  let sesame: TestSesame;
  beforeAll(async () => {
    sesame = await startTestSesame({ env: { SESAME_METRICS_TOKEN: token } });
  });
  afterAll(() => sesame?.close());

  it.each([
    ['no authorization', undefined],
    ['a wrong token', `Bearer ${token}x`],
    ['a prefix of the token', `Bearer ${token.slice(0, 10)}`],
    ['another scheme', `Basic ${Buffer.from(`x:${token}`).toString('base64')}`],
    ['the admin token', 'Bearer ses_test-admin-token-0123456789abcdef'],
  ])('answers 401 to %s', async (_name, authorization) => {
    const response = await fetch(`${sesame.url}/metrics`, { headers: authorization ? { authorization } : {} });
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Bearer realm="metrics"');
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ statusCode: 401, code: 'UNAUTHENTICATED' });
    expect(JSON.stringify(body)).not.toContain('sesame_');
  });

  it('answers the metrics to the bearer of the token', async () => {
    const response = await fetch(`${sesame.url}/metrics`, { headers: { authorization: `bearer ${token}` } });
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('# TYPE sesame_logins_total counter');
  });
});
