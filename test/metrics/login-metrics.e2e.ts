import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { TestBrowser } from '../support/browser.js';
import { startSsoFixture, type SsoFixture } from '../support/sso-fixture.js';

/** The value of one series (`name{labels}`) in a Prometheus text exposition; 0 when it does not exist yet. */
function seriesValue(text: string, series: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? 0 : Number(line.slice(series.length + 1));
}

/** /metrics moves with real logins, real forward-auth checks and real sessions — not with calls to the metrics service. */
describe('metrics of real logins', () => {
  let f: SsoFixture;
  beforeAll(async () => {
    f = await startSsoFixture();
  });
  afterAll(() => f?.close());

  const scrape = async () => {
    const response = await fetch(`${f.url}/metrics`);
    expect(response.status).toBe(200);
    return response.text();
  };
  /** How much each series moved while `act` ran. */
  async function movement(series: readonly string[], act: () => Promise<void>): Promise<Record<string, number>> {
    const before = await scrape();
    await act();
    const after = await scrape();
    return Object.fromEntries(series.map((s) => [s, seriesValue(after, s) - seriesValue(before, s)]));
  }

  const LOGINS = (outcome: string) => `sesame_logins_total{provider="idp",outcome="${outcome}"}`;
  const CHECKS = (outcome: string) => `sesame_forward_auth_checks_total{outcome="${outcome}"}`;
  const ACTIVE = 'sesame_active_sessions';
  let alice: TestBrowser;

  it('counts a successful login by provider and outcome, with its duration and the provider round trip', async () => {
    alice = new TestBrowser();
    const moved = await movement(
      [
        LOGINS('success'),
        'sesame_login_duration_seconds_count{provider="idp",result="success"}',
        'sesame_provider_round_trip_seconds_count{provider="idp"}',
        ACTIVE,
      ],
      async () => {
        expect((await f.login(alice, 'alice')).status).toBe(302);
      },
    );
    expect(moved).toEqual({
      [LOGINS('success')]: 1,
      'sesame_login_duration_seconds_count{provider="idp",result="success"}': 1,
      'sesame_provider_round_trip_seconds_count{provider="idp"}': 1,
      [ACTIVE]: 1,
    });
  });

  it('counts refusals under their code: a domain the sign-in settings do not allow, and access_denied', async () => {
    const settings = (await (await f.sesame.admin('/api/admin/sign-in-settings')).json()) as Record<string, unknown>;
    await f.sesame.admin('/api/admin/sign-in-settings', { method: 'PUT', body: { ...settings, allowedEmailDomains: ['example.org'] } });
    const moved = await movement(
      [
        LOGINS('SSO_DOMAIN_NOT_ALLOWED'),
        LOGINS('SSO_ACCESS_DENIED'),
        LOGINS('success'),
        'sesame_login_duration_seconds_count{provider="idp",result="failure"}',
        ACTIVE,
      ],
      async () => {
        expect((await f.login(new TestBrowser(), 'bob')).status).toBe(403);
        const browser = new TestBrowser();
        const authorize = await f.begin(browser);
        const query = new URLSearchParams({ error: 'access_denied', state: authorize.searchParams.get('state')!, iss: f.idp.issuer });
        expect((await browser.get(`${f.url}/sso/idp/callback?${query}`)).status).toBe(403);
      },
    );
    await f.sesame.admin('/api/admin/sign-in-settings', { method: 'PUT', body: settings });
    expect(moved).toEqual({
      [LOGINS('SSO_DOMAIN_NOT_ALLOWED')]: 1,
      [LOGINS('SSO_ACCESS_DENIED')]: 1,
      [LOGINS('success')]: 0,
      'sesame_login_duration_seconds_count{provider="idp",result="failure"}': 2,
      [ACTIVE]: 0,
    });
  });

  it('counts forward-auth checks by outcome', async () => {
    const moved = await movement([CHECKS('ok'), CHECKS('unauthenticated'), CHECKS('forbidden'), CHECKS('redirect')], async () => {
      expect((await alice.get(`${f.url}/auth/check`)).status).toBe(200);
      expect((await alice.get(`${f.url}/auth/check`)).status).toBe(200);
      expect((await alice.get(`${f.url}/auth/check?allowed_groups=finance`)).status).toBe(403);
      expect((await new TestBrowser().get(`${f.url}/auth/check`)).status).toBe(401);
      expect((await new TestBrowser().get(`${f.url}/auth/check?rd=1`)).status).toBe(302);
    });
    expect(moved).toEqual({ [CHECKS('ok')]: 2, [CHECKS('unauthenticated')]: 1, [CHECKS('forbidden')]: 1, [CHECKS('redirect')]: 1 });
  });

  it('shows active sessions going up with logins and down with logouts', async () => {
    const bob = new TestBrowser();
    const up = await movement([ACTIVE], async () => {
      expect((await f.login(bob, 'bob')).status).toBe(302);
    });
    expect(up).toEqual({ [ACTIVE]: 1 });
    const down = await movement([ACTIVE], async () => {
      await bob.get(`${f.url}/logout`, { 'sec-fetch-site': 'same-origin' });
      await alice.get(`${f.url}/logout`, { 'sec-fetch-site': 'same-origin' });
    });
    expect(down).toEqual({ [ACTIVE]: -2 });
    expect(seriesValue(await scrape(), ACTIVE)).toBe(0);
  });
});
