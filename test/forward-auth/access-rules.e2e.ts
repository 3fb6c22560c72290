import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { TestBrowser } from '../support/browser.js';
import { startSsoFixture, type SsoFixture } from '../support/sso-fixture.js';
import { startTestSesame, type TestSesame } from '../support/test-sesame.js';
import { eventually, mapProviderGroups } from '../session/session-helpers.js';

/** What nginx, Caddy and Traefik send with the check: the visitor's cookie and where they were going. */
function asProxy(cookie: string, host: string, uri = '/', extra: Record<string, string> = {}): Record<string, string> {
  return { cookie, 'x-forwarded-proto': 'http', 'x-forwarded-host': host, 'x-forwarded-uri': uri, ...extra };
}

const RULES = [
  { name: 'Sales out of git', host: 'git.example.com', policy: 'deny', groups: ['sales'] },
  { name: 'Git admin', host: 'git.example.com', pathPrefix: '/admin', policy: 'allow', groups: ['admins'] },
  { name: 'Git', host: 'git.example.com', policy: 'allow', emailDomains: ['example.com'] },
  { name: 'Wiki', host: 'wiki.example.com', policy: 'allow', users: ['bob'] },
];

describe('per-application access rules on GET /auth/check', () => {
  let f: SsoFixture;
  let other: TestSesame;
  let alice: string;
  let bob: string;
  beforeAll(async () => {
    f = await startSsoFixture({ env: { SESAME_TRUSTED_PROXIES: '127.0.0.1' } });
    await mapProviderGroups(f.sesame, f.provider.id);
    other = await startTestSesame({ db: f.sesame.db, env: { PUBLIC_URL: f.url, SESAME_TRUSTED_PROXIES: '127.0.0.1' } });
    const login = async (username: string) => {
      const browser = new TestBrowser();
      await f.login(browser, username);
      return `sesame_session=${browser.cookie(f.url, 'sesame_session')}`;
    };
    alice = await login('alice'); // admins, developers; alice@example.com
    bob = await login('bob'); // sales; bob@example.com
  });
  afterAll(async () => {
    await other?.close();
    await f?.close();
  });

  const check = (headers: Record<string, string>, query = '', origin = f.url) =>
    fetch(`${origin}/auth/check${query}`, { headers, redirect: 'manual' });

  it('refuses a bad rule list with 400 naming each field, and changes nothing', async () => {
    const response = await f.sesame.admin('/api/admin/access-rules', {
      method: 'PUT',
      body: { rules: [{ name: 'x', host: 'https://git.example.com', policy: 'maybe', pathPrefix: 'admin' }] },
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { errors: { field: string }[] };
    expect(body.errors.map((e) => e.field).sort()).toEqual(['rules[0].host', 'rules[0].pathPrefix', 'rules[0].policy']);
    expect(await (await f.sesame.admin('/api/admin/access-rules')).json()).toEqual({ rules: [] });
  });

  it('saves the ordered list, normalised, and records the change in the audit log', async () => {
    const saved = await f.sesame.admin('/api/admin/access-rules', { method: 'PUT', body: { rules: RULES } });
    expect(saved.status).toBe(200);
    const body = (await saved.json()) as { rules: { name: string; pathPrefix: string | null }[] };
    expect(body.rules.map((r) => r.name)).toEqual(RULES.map((r) => r.name));
    expect(body.rules[1]).toMatchObject({ pathPrefix: '/admin', groups: ['admins'], users: [], emailDomains: [] });
    const audit = await f.sesame.admin('/api/admin/audit-events?type=admin_change');
    const events = ((await audit.json()) as { items: { details: { entityId: string; changed: string[] } }[] }).items;
    expect(events.find((e) => e.details.entityId === 'access-rules')?.details.changed).toEqual(expect.arrayContaining(['rules']));
  });

  it.each([
    ['alice', 'git.example.com', '/repo', 200],
    ['alice', 'git.example.com', '/admin/users', 200],
    ['bob', 'git.example.com', '/repo', 403],
    ['bob', 'GIT.example.com:443', '/repo', 403],
    ['alice', 'wiki.example.com', '/', 403],
    ['bob', 'wiki.example.com', '/', 200],
    ['alice', 'other.example.com', '/', 200],
  ])('%s on %s%s → %d', async (who, host, uri, status) => {
    expect((await check(asProxy(who === 'alice' ? alice : bob, host, uri))).status).toBe(status);
  });

  it('an API client gets an empty 403; a browser gets the error page with who is signed in, why, and the way out', async () => {
    const api = await check(asProxy(bob, 'git.example.com', '/repo', { accept: 'application/json' }));
    expect(api.status).toBe(403);
    expect(await api.text()).toBe('');

    const page = await check(asProxy(bob, 'git.example.com', '/repo?x=1', { accept: 'text/html,application/xhtml+xml' }));
    expect(page.status).toBe(403);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.headers.get('content-security-policy')).toMatch(/nonce-/);
    const html = await page.text();
    expect(html).toContain('You do not have access to git.example.com');
    expect(html).toContain('Bob Baker');
    expect(html).toContain('The rule &#34;Sales out of git&#34; denies members of sales access to git.example.com.');
    expect(html).toContain(`href="${f.url}/logout"`);
    expect(html).toContain('Sign in as someone else');
    // identity headers are only sent with a 200
    expect(page.headers.get('x-auth-request-user')).toBeNull();
  });

  it('sends the identity in both header conventions', async () => {
    const response = await check(asProxy(alice, 'git.example.com'));
    expect(Object.fromEntries([...response.headers].filter(([name]) => /^(x-auth-request|remote)-/.test(name)))).toEqual({
      'x-auth-request-user': 'alice',
      'x-auth-request-preferred-username': 'alice',
      'x-auth-request-email': 'alice@example.com',
      'x-auth-request-name': 'Alice Archer',
      'x-auth-request-groups': 'admins,developers',
      'remote-user': 'alice',
      'remote-email': 'alice@example.com',
      'remote-name': 'Alice Archer',
      'remote-groups': 'admins,developers',
    });
  });

  it('takes allowed_emails and allowed_email_domains inline, as allowed_groups', async () => {
    const host = asProxy(alice, 'other.example.com');
    expect((await check(host, '?allowed_emails=bob@example.com,ALICE@example.com')).status).toBe(200);
    expect((await check(host, '?allowed_emails=bob@example.com')).status).toBe(403);
    expect((await check(host, '?allowed_email_domains=example.com')).status).toBe(200);
    expect((await check(host, '?allowed_email_domains=example.org')).status).toBe(403);
    expect((await check(host, '?allowed_groups=developers&allowed_email_domains=example.org')).status).toBe(403);
  });

  it('with rules in place, a check that does not say which application (no trusted X-Forwarded-Host) is refused', async () => {
    expect((await check({ cookie: alice })).status).toBe(403);
  });

  it('a rule change on one instance applies on another within a second, with no restart', async () => {
    const request = asProxy(alice, 'wiki.example.com');
    expect((await check(request, '', other.url)).status).toBe(403);
    const widened = RULES.map((rule) => (rule.name === 'Wiki' ? { ...rule, users: ['bob', 'alice'] } : rule));
    expect((await f.sesame.admin('/api/admin/access-rules', { method: 'PUT', body: { rules: widened } })).status).toBe(200);
    const { value, ms } = await eventually(() => check(request, '', other.url).then((r) => r.status), 200, 1000);
    expect(value).toBe(200);
    expect(ms).toBeLessThan(1000);
  });

  it('evaluates a rule set for an administrator without writing anything', async () => {
    const response = await f.sesame.admin('/api/admin/access-rules/evaluate', {
      method: 'POST',
      body: { host: 'git.example.com', uri: '/x', username: 'carol', email: 'carol@contractor.io', groups: [] },
    });
    expect(await response.json()).toEqual({
      allowed: false,
      rule: 'Git',
      reason: 'git.example.com is open only to addresses at example.com (rule "Git").',
    });
  });

  it('travels in the configuration export and import', async () => {
    const exported = (await (await f.sesame.admin('/api/admin/config/export')).json()) as { accessRules: { rules: unknown[] } };
    expect(exported.accessRules.rules).toHaveLength(RULES.length);
    const document = { ...exported, accessRules: { rules: [{ name: 'Only', host: 'only.example.com', policy: 'deny' }] } };
    const imported = await f.sesame.admin('/api/admin/config/import', { method: 'POST', body: document });
    expect(imported.status).toBe(200);
    expect(((await imported.json()) as { settings: Record<string, unknown> }).settings.accessRules).toEqual({
      change: 'updated',
      changed: expect.arrayContaining(['rules']) as unknown,
    });
    expect(await (await f.sesame.admin('/api/admin/access-rules')).json()).toMatchObject({ rules: [{ name: 'Only' }] });
    const bad = await f.sesame.admin('/api/admin/config/import', { method: 'POST', body: { ...document, accessRules: { rules: [{}] } } });
    expect(bad.status).toBe(422);
    expect(await bad.text()).toContain('accessRules.rules[0].name');
  });
});
