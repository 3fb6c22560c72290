import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { SecretBox } from '../../src/common/secret-box.js';
import { DEMO_USERS } from '../../src/modules/demo/index.js';
import { eventually, mapProviderGroups } from '../session/session-helpers.js';
import { startSsoFixture, type SsoFixture } from '../support/sso-fixture.js';
import { TEST_SECRET_KEY, startTestSesame, type TestSesame } from '../support/test-sesame.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { captureRefreshTokens, changeUser, forwardAuth, removeUser, signIn } from './resync-helpers.js';

type Json = Record<string, any>;

/**
 * Groups that stay true without a new login: with re-sync on, Sesame keeps the refresh token the
 * provider granted (offline_access) and re-checks each signed-in person every interval, so a
 * group change or a removal at the provider reaches a forward-auth-protected app in time.
 */
describe('re-sync through refresh tokens', () => {
  let f: SsoFixture;
  let refreshTokens: string[];
  let other: TestSesame;
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase(30); // two instances on one database, both running the re-sync
    f = await startSsoFixture({
      db,
      users: DEMO_USERS.map((u) => ({ ...u })),
      // The test provider grants offline_access only with prompt=consent (OpenID Connect Core §11).
      provider: { resync: { enabled: true, intervalSeconds: 1 }, authorizeParams: { prompt: 'consent' } },
    });
    await mapProviderGroups(f.sesame, f.provider.id, { keepExistingGroups: false });
    refreshTokens = captureRefreshTokens(f);
    other = await startTestSesame({ db, env: { PUBLIC_URL: f.url } });
  });
  afterAll(async () => {
    await other?.close();
    await f?.close();
    await db?.stop();
  });

  const userId = async (username: string) =>
    (await f.sesame.db.query<{ id: string }>(`SELECT id FROM users WHERE username = $1`, [username]))[0]!.id;

  it('asks for offline_access and keeps the refresh token sealed, never logged or returned', async () => {
    const authorization = await f.begin(new (await import('../support/browser.js')).TestBrowser());
    expect(authorization.searchParams.get('scope')?.split(' ')).toContain('offline_access');

    const cookie = await signIn(f, 'bob');
    expect(await forwardAuth(f, cookie)).toEqual({ status: 200, groups: 'sales' });
    expect(refreshTokens.length).toBeGreaterThan(0);
    const [row] = await f.sesame.db.query<{ subject: string; refresh_token_sealed: string; provider_id: string }>(
      `SELECT subject, refresh_token_sealed, provider_id FROM resync_identities WHERE user_id = $1`,
      [await userId('bob')],
    );
    expect(row!.subject).toBe('demo-bob');
    // Sealed with SESAME_SECRET_KEY for this identity: it opens to a token the provider issued, and only for this purpose.
    const box = new SecretBox(TEST_SECRET_KEY, []);
    expect(refreshTokens).toContain(box.open(row!.refresh_token_sealed, `resync-refresh-token:${row!.provider_id}:demo-bob`));
    expect(() => box.open(row!.refresh_token_sealed, `resync-refresh-token:${row!.provider_id}:demo-alice`)).toThrow();

    const answers = await Promise.all(
      [
        '/api/admin/sessions',
        `/api/admin/users/${await userId('bob')}`,
        `/api/admin/providers/${f.provider.id}`,
        '/api/admin/audit-events?limit=200',
        '/api/admin/config/export',
      ].map(async (path) => (await f.sesame.admin(path)).text()),
    );
    for (const token of refreshTokens) {
      for (const answer of answers) expect(answer).not.toContain(token);
      expect(f.sesame.logText()).not.toContain(token);
      expect(other.logText()).not.toContain(token);
    }
    const provider = JSON.parse(answers[2]!) as Json;
    expect(provider.resync).toEqual({ enabled: true, intervalSeconds: 1, maxPerMinute: 600 });
  });

  it('a group change at the provider reaches X-Auth-Request-Groups on every instance within one interval, with origin resync', async () => {
    const cookie = await signIn(f, 'alice');
    // Both instances have the session cached: the change must reach the other one through the change bus.
    expect(await forwardAuth(f, cookie)).toEqual({ status: 200, groups: 'admins,developers' });
    expect(await forwardAuth(f, cookie, other.url)).toEqual({ status: 200, groups: 'admins,developers' });

    changeUser(f, 'alice', { groups: ['developers', 'ops'] });
    const changed = await eventually(() => forwardAuth(f, cookie, other.url), { status: 200, groups: 'developers,ops' }, 4000);
    expect(changed.value).toEqual({ status: 200, groups: 'developers,ops' });
    // Whichever instance did the re-sync, the other hears of it through the change bus a moment later.
    expect((await eventually(() => forwardAuth(f, cookie), { status: 200, groups: 'developers,ops' }, 1000)).value).toEqual({
      status: 200,
      groups: 'developers,ops',
    });
    const user = (await (await f.sesame.admin(`/api/admin/users/${await userId('alice')}`)).json()) as Json;
    expect(user.groups.map((g: Json) => [g.name, g.origin]).sort()).toEqual([
      ['developers', 'sso'],
      ['ops', 'resync'],
    ]);
    const audit = (await (await f.sesame.admin('/api/admin/audit-events?type=resync&limit=50')).json()) as Json;
    const aliceId = await userId('alice');
    const event = audit.items.find((e: Json) => e.details.result === 'changed' && e.userId === aliceId);
    expect(event.details.groupsAdded).toEqual([expect.stringMatching(/^ops \(/)]);
    expect(event.details.groupsRemoved).toEqual([expect.stringMatching(/^admins \(/)]);
    expect(event.details.rule).toEqual(expect.any(String));

    // A later login plans the resync membership as its own: it stays while the provider sends it.
    changeUser(f, 'alice', { groups: ['developers'] });
    expect((await eventually(() => forwardAuth(f, cookie), { status: 200, groups: 'developers' }, 4000)).value).toEqual({
      status: 200,
      groups: 'developers',
    });
  });

  it('a person removed at the provider loses access within one interval (invalid_grant ends the sessions)', async () => {
    const cookie = await signIn(f, 'alice');
    expect((await forwardAuth(f, cookie)).status).toBe(200);
    const started = Date.now();
    removeUser(f, 'alice');
    const gone = await eventually(() => forwardAuth(f, cookie, other.url), { status: 401, groups: null }, 4000);
    expect(gone.value).toEqual({ status: 401, groups: null });
    expect((await eventually(() => forwardAuth(f, cookie), { status: 401, groups: null }, 1000)).value).toEqual({
      status: 401,
      groups: null,
    });
    // The interval is 1 s and the scheduler ticks every 0.5 s: the loss of access lands well inside two intervals.
    expect(Date.now() - started).toBeLessThan(3000);
    expect(await f.sesame.db.query(`SELECT 1 FROM sessions WHERE user_id = $1`, [await userId('alice')])).toEqual([]);
    expect(await f.sesame.db.query(`SELECT 1 FROM resync_identities WHERE user_id = $1`, [await userId('alice')])).toEqual([]);
    const audit = (await (await f.sesame.admin('/api/admin/audit-events?type=resync&limit=100')).json()) as Json;
    const ended = audit.items.find((e: Json) => e.details.result === 'ended');
    expect(ended).toMatchObject({ outcome: 'failure', code: 'RESYNC_ENDED' });
    expect(ended.details.rule).toContain('invalid_grant');
    // Metrics are per instance, and either instance may have done this re-sync.
    const metrics = (await Promise.all([f.url, other.url].map(async (origin) => (await fetch(`${origin}/metrics`)).text()))).join('\n');
    expect(metrics).toMatch(new RegExp(`sesame_resync_total\\{provider="${f.provider.slug}",outcome="ended"\\} [1-9]`));
    expect(metrics).toMatch(new RegExp(`sesame_resync_lag_seconds_count\\{provider="${f.provider.slug}"\\} [1-9]`));
  });
});
