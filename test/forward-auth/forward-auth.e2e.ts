import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { TestBrowser } from '../support/browser.js';
import { startSsoFixture, type SsoFixture } from '../support/sso-fixture.js';
import { startTestSesame, type TestSesame } from '../support/test-sesame.js';
import { mapProviderGroups } from '../session/session-helpers.js';

const IDENTITY_HEADERS = ['x-auth-request-user', 'x-auth-request-email', 'x-auth-request-groups', 'x-auth-request-name'];

/** Headers a visitor could send to pass for someone else: every case and the underscore spelling. */
const SPOOFED: Record<string, string> = {
  'X-Auth-Request-User': 'mallory',
  'x-auth-request-email': 'mallory@evil.example',
  'X-AUTH-REQUEST-GROUPS': 'admins,sales',
  'x-Auth-Request-Name': 'Mallory',
  x_auth_request_user: 'mallory',
  X_Auth_Request_Groups: 'admins',
  'x-auth-request-groups-truncated': 'false',
};

function identity(response: Response): Record<string, string | null> {
  return Object.fromEntries(IDENTITY_HEADERS.map((name) => [name, response.headers.get(name)]));
}

/** GET /auth/check as a reverse proxy asks it: the visitor's cookie and X-Forwarded-* headers. */
describe('forward-auth: GET /auth/check', () => {
  let f: SsoFixture;
  let untrusted: TestSesame;
  let aliceCookie: string;
  let bobCookie: string;
  beforeAll(async () => {
    f = await startSsoFixture({ env: { SESAME_TRUSTED_PROXIES: '127.0.0.1', SESAME_ALLOWED_RETURN_ORIGINS: 'https://app.example.com' } });
    // The same database behind an instance that trusts no proxy on loopback.
    await mapProviderGroups(f.sesame, f.provider.id);
    untrusted = await startTestSesame({ db: f.sesame.db, env: { PUBLIC_URL: f.url, SESAME_TRUSTED_PROXIES: '10.0.0.0/8' } });
    const alice = new TestBrowser();
    await f.login(alice, 'alice');
    aliceCookie = `sesame_session=${alice.cookie(f.url, 'sesame_session')}`;
    const bob = new TestBrowser();
    await f.login(bob, 'bob');
    bobCookie = `sesame_session=${bob.cookie(f.url, 'sesame_session')}`;
  });
  afterAll(async () => {
    await untrusted?.close();
    await f?.close();
  });

  const check = (query = '', headers: Record<string, string> = {}, origin = f.url) =>
    fetch(`${origin}/auth/check${query}`, { headers, redirect: 'manual' });

  it('200 with the identity headers for a valid session', async () => {
    const response = await check('', { cookie: `theme=dark; ${aliceCookie}` });
    expect(response.status).toBe(200);
    expect(identity(response)).toEqual({
      'x-auth-request-user': 'alice',
      'x-auth-request-email': 'alice@example.com',
      'x-auth-request-groups': 'admins,developers',
      'x-auth-request-name': 'Alice Archer',
    });
    expect(response.headers.get('cache-control')).toBe('no-store');
  });

  it.each([
    ['no cookie', {}],
    ['another cookie only', { cookie: 'theme=dark' }],
    ['a malformed session cookie', { cookie: 'sesame_session=../../etc/passwd' }],
    ['a well-formed token that is no session', { cookie: `sesame_session=${'A'.repeat(43)}` }],
  ])('401 with %s, and no identity headers', async (_name, headers) => {
    const response = await check('', headers);
    expect(response.status).toBe(401);
    expect(identity(response)).toEqual(Object.fromEntries(IDENTITY_HEADERS.map((name) => [name, null])));
  });

  it('403 when allowed_groups names no group of the user; group names match whatever their case', async () => {
    const forbidden = await check('?allowed_groups=sales', { cookie: aliceCookie });
    expect(forbidden.status).toBe(403);
    expect(forbidden.headers.get('x-auth-request-user')).toBeNull();
    expect((await check('?allowed_groups=sales,%20Admins', { cookie: aliceCookie })).status).toBe(200);
    expect((await check('?allowed_groups=admins', { cookie: bobCookie })).status).toBe(403);
    expect((await check('?allowed_groups=admins')).status).toBe(401);
  });

  it('302 to the login page with the original URL (rd=1), rebuilt from a trusted proxy’s X-Forwarded-*', async () => {
    const forwarded = {
      'x-forwarded-proto': 'https',
      'x-forwarded-host': 'app.example.com',
      'x-forwarded-uri': '/reports/q3?year=2026&x=a%20b',
    };
    const response = await check('?rd=1', forwarded);
    expect(response.status).toBe(302);
    const returnTo = 'https://app.example.com/reports/q3?year=2026&x=a%20b';
    expect(response.headers.get('location')).toBe(`${f.url}/login?return_to=${encodeURIComponent(returnTo)}`);
    // With a session, rd changes nothing.
    expect((await check('?rd=1', { ...forwarded, cookie: aliceCookie })).status).toBe(200);
    // Without rd, still 401 (nginx turns it into its own redirect).
    expect((await check('', forwarded)).status).toBe(401);
  });

  it.each([
    ['a scheme that is not http(s)', { 'x-forwarded-proto': 'javascript', 'x-forwarded-host': 'app.example.com', 'x-forwarded-uri': '/' }],
    [
      'a host with a path in it',
      { 'x-forwarded-proto': 'https', 'x-forwarded-host': 'evil.example/@app.example.com', 'x-forwarded-uri': '/' },
    ],
    ['a host with user info', { 'x-forwarded-proto': 'https', 'x-forwarded-host': 'app.example.com@evil.example', 'x-forwarded-uri': '/' }],
    [
      'a URI that is not a path',
      { 'x-forwarded-proto': 'https', 'x-forwarded-host': 'app.example.com', 'x-forwarded-uri': 'evil.example/' },
    ],
    ['no forwarded host', { 'x-forwarded-proto': 'https', 'x-forwarded-uri': '/reports' }],
    // a URL Sesame would not return to is not put in the login link either
    ['a host not allowed', { 'x-forwarded-proto': 'https', 'x-forwarded-host': 'evil.example', 'x-forwarded-uri': '/reports' }],
    ['an allowed host over another scheme', { 'x-forwarded-proto': 'http', 'x-forwarded-host': 'app.example.com', 'x-forwarded-uri': '/' }],
  ])('302 to the login page with return_to=/ for %s', async (_name, headers) => {
    const response = await check('?rd=1', headers);
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe(`${f.url}/login?return_to=%2F`);
  });

  it('ignores X-Forwarded-* from a peer that is not a trusted proxy', async () => {
    const response = await check(
      '?rd=1',
      { 'x-forwarded-proto': 'https', 'x-forwarded-host': 'evil.example', 'x-forwarded-uri': '/phish' },
      untrusted.url,
    );
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe(`${f.url}/login?return_to=%2F`);
  });

  it('never lets X-Auth-Request-* request headers (any case, underscores) influence the answer', async () => {
    const anonymous = await check('', SPOOFED);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('x-auth-request-user')).toBeNull();

    const bob = await check('', { ...SPOOFED, cookie: bobCookie });
    expect(bob.status).toBe(200);
    expect(identity(bob)).toEqual({
      'x-auth-request-user': 'bob',
      'x-auth-request-email': 'bob@example.com',
      'x-auth-request-groups': 'sales',
      'x-auth-request-name': 'Bob Baker',
    });
    expect(bob.headers.get('x-auth-request-groups-truncated')).toBeNull();
    expect((await check('?allowed_groups=admins', { ...SPOOFED, cookie: bobCookie })).status).toBe(403);
    expect((await check('?rd=1', SPOOFED)).status).toBe(302);
  });

  it('answers HEAD like GET, for proxies that ask with HEAD', async () => {
    const response = await fetch(`${f.url}/auth/check`, { method: 'HEAD', headers: { cookie: aliceCookie } });
    expect(response.status).toBe(200);
    expect(response.headers.get('x-auth-request-user')).toBe('alice');
    expect(response.headers.get('cache-control')).toBe('no-store');
  });

  it('refuses other methods with 405 and the ones it answers', async () => {
    for (const method of ['POST', 'PUT', 'DELETE']) {
      const response = await fetch(`${f.url}/auth/check`, { method, headers: { cookie: aliceCookie } });
      expect([method, response.status, response.headers.get('allow'), response.headers.get('x-auth-request-user')]).toEqual([
        method,
        405,
        'GET, HEAD',
        null,
      ]);
    }
  });

  it('reads a parameter given twice as one list: either value will do', async () => {
    expect((await check('?allowed_groups=sales&allowed_groups=admins', { cookie: aliceCookie })).status).toBe(200);
    expect((await check('?allowed_groups=sales&allowed_groups=ops', { cookie: aliceCookie })).status).toBe(403);
    expect((await check('?allowed_email_domains=example.org&allowed_email_domains=nowhere.test', { cookie: aliceCookie })).status).toBe(
      403,
    );
  });

  it('marks every answer not to be cached, whatever it is', async () => {
    const answers = [
      await check('', { cookie: aliceCookie }),
      await check(''),
      await check('?rd=1'),
      await check('?allowed_groups=sales', { cookie: aliceCookie }),
    ];
    expect(answers.map((a) => [a.status, a.headers.get('cache-control')])).toEqual([
      [200, 'no-store'],
      [401, 'no-store'],
      [302, 'no-store'],
      [403, 'no-store'],
    ]);
  });

  it('is answered before the application: none of its hooks run, every other path keeps them', async () => {
    const answer = await check('', { cookie: aliceCookie });
    expect(answer.status).toBe(200);
    // helmet's headers and the request id come from the application's hooks.
    expect([
      answer.headers.get('x-request-id'),
      answer.headers.get('x-content-type-options'),
      answer.headers.get('content-security-policy'),
    ]).toEqual([null, null, null]);
    for (const path of ['/auth/check/', '/auth/checks', '/health']) {
      const other = await fetch(`${f.url}${path}`, { headers: { cookie: aliceCookie } });
      expect([path, other.headers.get('x-request-id') !== null, other.headers.get('x-content-type-options')]).toEqual([
        path,
        true,
        'nosniff',
      ]);
    }
  });

  it('reads its cookie from the Cookie header alone, among others and with odd spacing', async () => {
    const token = aliceCookie.slice('sesame_session='.length);
    for (const header of [`a=1;sesame_session=${token}`, `a=1;  sesame_session=${token} ; b=2`]) {
      expect([header, (await check('', { cookie: header })).status]).toEqual([header, 200]);
    }
    expect((await check('', { cookie: `xsesame_session=${token}` })).status).toBe(401);
  });
});
