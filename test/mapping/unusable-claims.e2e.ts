import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { startSsoFixture, type SsoFixture } from '../support/sso-fixture.js';
import { TestBrowser } from '../support/browser.js';
import { adminJson, eventually, person, setGroupMapping, setUserMapping, signIn } from './mapping-fixture.js';

/** Claims the directory cannot hold (NUL, control characters, over-long values) get a coded 502 page, and nothing is written. */
describe('unusable values from the provider', () => {
  let f: SsoFixture;
  beforeAll(async () => {
    f = await startSsoFixture({ users: [] });
    await setUserMapping(f);
  });
  afterAll(() => f?.close());
  beforeEach(() => setGroupMapping(f, { mode: 'on-the-fly', onTheFly: { createMissingGroups: true } }));

  /** Everything a login could write. */
  const directory = async () =>
    JSON.stringify(
      await Promise.all(
        ['users', 'groups', 'memberships', 'user_identities', 'sessions'].map((table) =>
          f.sesame.db.query(`SELECT * FROM ${table} ORDER BY 1, 2`),
        ),
      ),
    );

  async function expectUnusable(username: string, attribute: string, reason: string): Promise<void> {
    const before = await directory();
    // Audit events are written after the answer: wait for this login's, not an earlier test's.
    const last = (await f.sesame.db.query<{ last: string }>(`SELECT coalesce(max(id), 0)::text AS last FROM audit_events`))[0]!.last;
    const login = await signIn(f, username);
    expect({ status: login.status, coded: login.body.includes('SSO_UNUSABLE_CLAIM') }).toEqual({ status: 502, coded: true });
    expect(login.body).toContain('<html');
    expect(login.response.headers.getSetCookie().some((c) => c.startsWith('sesame_session='))).toBe(false);
    // The raw value is never echoed: no NUL, no run of the over-long username.
    expect(login.body).not.toContain('\u0000');
    expect(login.body).not.toContain('x'.repeat(300));
    expect(await directory()).toBe(before);
    const audit = await eventually(async () => {
      const rows = await f.sesame.db.query<{ details: Record<string, unknown> }>(
        `SELECT details FROM audit_events WHERE type = 'login' AND outcome = 'failure' AND code = 'SSO_UNUSABLE_CLAIM'
         AND details->>'attribute' = $1 AND id > $2::bigint ORDER BY id DESC LIMIT 1`,
        [attribute, last],
      );
      return rows[0];
    });
    expect(audit?.details).toMatchObject({ attribute, reason: expect.stringContaining(reason) });
    expect(JSON.stringify(audit)).not.toContain('\\u0000');
    expect(f.sesame.logs.filter((line) => typeof line.status === 'number' && line.status >= 500 && line.status !== 502)).toEqual([]);
  }

  it('a NUL byte in the name', async () => {
    person(f, { username: 'nul-name', extra: { name: 'Bad\u0000Name' } });
    await expectUnusable('nul-name', 'displayNameAttribute', 'NUL');
  });

  it('a NUL byte in the username', async () => {
    person(f, { username: 'nul-user', sub: 'sub-nul-user', extra: { preferred_username: 'nul\u0000user' } });
    await expectUnusable('nul-user', 'usernameAttribute', 'NUL');
  });

  it('a 5,000-character username', async () => {
    person(f, { username: 'long-user', extra: { preferred_username: 'x'.repeat(5000) } });
    await expectUnusable('long-user', 'usernameAttribute', 'longer than 255');
  });

  it('a control character in the username', async () => {
    person(f, { username: 'esc-user', extra: { preferred_username: 'esc\u001b[2Juser' } });
    await expectUnusable('esc-user', 'usernameAttribute', 'control character');
  });

  it('a NUL byte in one group refuses the whole login (no group is skipped silently)', async () => {
    person(f, { username: 'nul-group', groups: ['fine-group', 'bad\u0000group'] });
    await expectUnusable('nul-group', 'groupAttribute', 'NUL');
    expect(await f.sesame.db.query(`SELECT 1 FROM groups WHERE name = 'fine-group'`)).toHaveLength(0);
  });

  it('a lone UTF-16 surrogate in a group, at the first login and at a later one', async () => {
    person(f, { username: 'lone-first', groups: ['fine-group', 'bad\ud800group'] });
    await expectUnusable('lone-first', 'groupAttribute', 'not valid Unicode');
    person(f, { username: 'lone-later', groups: ['lone-fine'] });
    expect((await signIn(f, 'lone-later')).status).toBe(302);
    person(f, { username: 'lone-later', groups: ['lone-fine', 'bad\udc00group'] });
    await expectUnusable('lone-later', 'groupAttribute', 'not valid Unicode');
  });

  it('a lone UTF-16 surrogate in the name', async () => {
    person(f, { username: 'lone-name', extra: { name: 'Bad\ud83dName' } });
    await expectUnusable('lone-name', 'displayNameAttribute', 'not valid Unicode');
  });

  it('a group name longer than the directory allows', async () => {
    person(f, { username: 'long-group', groups: ['x'.repeat(400)] });
    await expectUnusable('long-group', 'groupAttribute', 'longer than 255');
  });

  it('Test Configuration with such a claim answers its page and stores a result naming the problem', async () => {
    const before = await directory();
    person(f, { username: 'nul-test', extra: { preferred_username: 'nul\u0000test' } });
    f.idp.autoLogin = 'nul-test';
    const link = await adminJson<{ url: string }>(f, `/api/admin/providers/${f.provider.id}/test`, { method: 'POST' });
    const { response } = await new TestBrowser().follow(link.url);
    expect(response.status).toBe(200);
    await response.arrayBuffer();
    const result = await adminJson<{ preview: { denied: { code: string } | null }; claims: { idToken: Record<string, unknown> } }>(
      f,
      `/api/admin/providers/${f.provider.id}/test-result`,
    );
    expect(result.preview.denied).toMatchObject({ code: 'SSO_UNUSABLE_CLAIM' });
    expect(result.claims.idToken.preferred_username).toBe('nul\ufffdtest');
    expect(await directory()).toBe(before);
  });

  it('the same person signs in once the provider sends usable values', async () => {
    person(f, { username: 'nul-name', groups: ['fine-group'] });
    expect((await signIn(f, 'nul-name')).status).toBe(302);
  });
});
