import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { SignJWT, importJWK, type JWK } from 'jose';
import { TestBrowser } from '../support/browser.js';
import { CLIENT_ID, startSsoFixture, type SsoFixture } from '../support/sso-fixture.js';
import { meStatus } from './session-helpers.js';

const LOGOUT_EVENT = 'http://schemas.openid.net/event/backchannel-logout';

/** OpenID Connect Back-Channel Logout 1.0, with tokens made as the provider makes them, and by the real provider. */
describe('back-channel logout', () => {
  let f: SsoFixture;
  let idpKey: CryptoKey | Uint8Array;
  beforeAll(async () => {
    f = await startSsoFixture();
    idpKey = await importJWK(f.idp.privateJwk as JWK, 'RS256');
  });
  afterAll(() => f?.close());

  const post = (form: Record<string, string>, slug = 'idp') =>
    fetch(`${f.url}/sso/${slug}/backchannel-logout`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(form),
    });

  /** A logout token as the provider would sign it; `claims` override or (undefined) remove the defaults. */
  async function logoutToken(claims: Record<string, unknown>, options: { key?: CryptoKey | Uint8Array; typ?: string } = {}) {
    const now = Math.floor(Date.now() / 1000);
    const payload: Record<string, unknown> = {
      iss: f.idp.issuer,
      aud: CLIENT_ID,
      iat: now,
      exp: now + 120,
      jti: randomUUID(),
      events: { [LOGOUT_EVENT]: {} },
      ...claims,
    };
    for (const [name, value] of Object.entries(payload)) if (value === undefined) delete payload[name];
    return new SignJWT(payload)
      .setProtectedHeader({ alg: 'RS256', typ: options.typ ?? 'logout+jwt', kid: 'demo-key-1' })
      .sign(options.key ?? idpKey);
  }

  /** A signed-in browser, checked once so its session is in Sesame's cache, and its provider session id. */
  async function signedIn(username: string): Promise<{ browser: TestBrowser; sid: string; sub: string }> {
    const browser = new TestBrowser();
    await f.login(browser, username);
    expect(await meStatus(browser, f.url)).toBe(200);
    const [row] = await f.sesame.db.query<{ provider_sid: string; provider_subject: string }>(
      `SELECT s.provider_sid, s.provider_subject FROM sessions s JOIN users u ON u.id = s.user_id
       WHERE u.username = $1 ORDER BY s.created_at DESC LIMIT 1`,
      [username],
    );
    expect(row!.provider_sid).toEqual(expect.any(String));
    return { browser, sid: row!.provider_sid, sub: row!.provider_subject };
  }

  it('ends the session a valid logout token names by sid', async () => {
    const alice = await signedIn('alice');
    const bob = await signedIn('bob');
    const response = await post({ logout_token: await logoutToken({ sid: alice.sid, sub: alice.sub }) });
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toMatch(/no-store/);
    expect(await response.json()).toEqual({ ended: 1 });
    expect(await meStatus(alice.browser, f.url)).toBe(401);
    expect(await meStatus(bob.browser, f.url)).toBe(200);
  });

  it('ends every session of the subject when the token names only sub', async () => {
    const first = await signedIn('bob');
    const second = await signedIn('bob'); // another browser: another provider session
    const bobs = await f.sesame.db.query(`SELECT s.id FROM sessions s JOIN users u ON u.id = s.user_id WHERE u.username = 'bob'`);
    expect(bobs.length).toBeGreaterThanOrEqual(2);
    const response = await post({ logout_token: await logoutToken({ sub: first.sub }) });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ended: bobs.length });
    expect(await meStatus(first.browser, f.url)).toBe(401);
    expect(await meStatus(second.browser, f.url)).toBe(401);
  });

  describe('refuses an invalid logout token with 400 and ends nothing', () => {
    const otherKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    const now = () => Math.floor(Date.now() / 1000);
    const cases: [string, (s: { sid: string; sub: string }) => Promise<string> | string][] = [
      ['a bad signature', (s) => logoutToken({ sid: s.sid }, { key: otherKey as unknown as CryptoKey })],
      ['a signature cut off', async (s) => (await logoutToken({ sid: s.sid })).slice(0, -4)],
      [
        'no signature (alg none)',
        (s) => unsigned({ iss: f.idp.issuer, aud: CLIENT_ID, iat: now(), exp: now() + 60, jti: 'x', sid: s.sid }),
      ],
      ['a wrong issuer', (s) => logoutToken({ sid: s.sid, iss: 'http://127.0.0.1:1/other' })],
      ['a wrong audience', (s) => logoutToken({ sid: s.sid, aud: 'another-client' })],
      ['an expired token', (s) => logoutToken({ sid: s.sid, iat: now() - 600, exp: now() - 300 })],
      ['an old token', (s) => logoutToken({ sid: s.sid, iat: now() - 3600, exp: now() + 60 })],
      ['no iat', (s) => logoutToken({ sid: s.sid, iat: undefined })],
      ['no jti', (s) => logoutToken({ sid: s.sid, jti: undefined })],
      ['no events claim', (s) => logoutToken({ sid: s.sid, events: undefined })],
      ['another event', (s) => logoutToken({ sid: s.sid, events: { 'http://schemas.openid.net/event/other': {} } })],
      ['an event that is not an object', (s) => logoutToken({ sid: s.sid, events: { [LOGOUT_EVENT]: 'yes' } })],
      ['a nonce', (s) => logoutToken({ sid: s.sid, nonce: 'n-0S6_WzA2Mj' })],
      ['neither sub nor sid', () => logoutToken({})],
      ['not a JWT', () => 'not-a-token'],
    ];

    it.each(cases)('%s', async (_name, make) => {
      const alice = await signedIn('alice');
      const response = await post({ logout_token: await make(alice) });
      expect(response.status).toBe(400);
      expect(response.headers.get('cache-control')).toMatch(/no-store/);
      expect(await response.json()).toMatchObject({ error: 'invalid_request' });
      expect(await meStatus(alice.browser, f.url)).toBe(200);
    });

    it('a replayed token (same jti)', async () => {
      const browser = new TestBrowser();
      await f.login(browser, 'alice');
      const [session] = await f.sesame.db.query<{ provider_sid: string }>(
        `SELECT provider_sid FROM sessions ORDER BY created_at DESC LIMIT 1`,
      );
      const sid = session!.provider_sid;
      const token = await logoutToken({ sid });
      expect((await post({ logout_token: token })).status).toBe(200);
      expect(await meStatus(browser, f.url)).toBe(401);
      // Signed in again in the same browser: the provider session, and so the sid, is the same.
      await f.login(browser, 'alice');
      expect(await meStatus(browser, f.url)).toBe(200);
      const replay = await post({ logout_token: token });
      expect(replay.status).toBe(400);
      expect(await meStatus(browser, f.url)).toBe(200);
    });

    it('no logout_token, or a provider that does not exist', async () => {
      const alice = await signedIn('alice');
      expect((await post({})).status).toBe(400);
      expect((await post({ logout_token: await logoutToken({ sid: alice.sid }) }, 'nope')).status).toBe(400);
      expect(await meStatus(alice.browser, f.url)).toBe(200);
    });
  });

  it("is called by the provider itself when the user signs out there, and ends Sesame's session", async () => {
    const browser = new TestBrowser();
    await f.login(browser, 'bob');
    expect(await meStatus(browser, f.url)).toBe(200);
    // The user signs out at the provider directly (not through Sesame).
    const confirm = await browser.get(`${f.idp.issuer}/session/end`);
    const html = await confirm.text();
    const action = /<form id="op\.logoutForm" method="post" action="([^"]+)"/.exec(html)![1]!;
    const xsrf = /name="xsrf" value="([^"]+)"/.exec(html)![1]!;
    const done = await browser.post(new URL(action, f.idp.issuer).toString(), { xsrf, logout: 'yes' });
    expect(done.status).toBe(303);
    expect(await meStatus(browser, f.url)).toBe(401);
    const calls = f.sesame.logs.filter((line) => line.event === 'backchannel_logout');
    expect(calls.at(-1)).toMatchObject({ provider: 'idp', ended: 1 });
  });
});

/** An "alg": "none" JWT: it must never be accepted. */
function unsigned(payload: Record<string, unknown>): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'none', typ: 'logout+jwt' })}.${part({ ...payload, events: { [LOGOUT_EVENT]: {} } })}.`;
}
