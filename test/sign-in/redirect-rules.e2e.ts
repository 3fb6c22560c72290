import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { DEMO_USERS } from '../../src/modules/demo/index.js';
import { TestBrowser } from '../support/browser.js';
import { CLIENT_ID, CLIENT_SECRET, startSsoFixture, type SsoFixture } from '../support/sso-fixture.js';

describe('redirection rules through real HTTP', () => {
  let f: SsoFixture;
  const ids: Record<string, string> = {};
  let stale = 0;

  async function addProvider(slug: string): Promise<string> {
    const created = await f.sesame.admin('/api/admin/providers', {
      method: 'POST',
      body: {
        slug,
        displayName: slug,
        kind: 'oidc',
        preset: 'generic',
        issuer: f.idp.issuer,
        clientId: CLIENT_ID,
        clientSecret: CLIENT_SECRET,
      },
    });
    expect(created.status).toBe(201);
    return ((await created.json()) as { id: string }).id;
  }

  async function putRules(
    defaultProviderId: string | null,
    { partner = ids.partner, headOffice = ids.retired }: { partner?: string; headOffice?: string } = {},
  ): Promise<Record<string, unknown>> {
    const response = await f.sesame.admin('/api/admin/redirect-rules', {
      method: 'PUT',
      body: {
        enabled: true,
        rules: [
          { name: 'Partners', match: { emailDomains: ['partner.example'] }, providerId: partner },
          { name: 'Head office', match: { emailPattern: '.*@(corp|hq)\\.example' }, providerId: headOffice },
          { name: 'Staff', match: { emailDomains: ['hq.example'] }, providerId: ids.idp },
        ],
        defaultProviderId,
      },
    });
    expect(response.status).toBe(200);
    return (await response.json()) as Record<string, unknown>;
  }

  /** The email-first form: submits the email with the page's CSRF token. */
  async function discover(email: string, browser = new TestBrowser()): Promise<{ status: number; location: string | null; html: string }> {
    const page = await (await browser.get(`${f.url}/login?return_to=%2Fapp`)).text();
    const csrf = /name="csrf" value="([^"]+)"/.exec(page)![1]!;
    const response = await browser.post(`${f.url}/login/discover`, { csrf, email, return_to: '/app' });
    return { status: response.status, location: response.headers.get('location'), html: await response.text() };
  }

  const evaluate = async (email: string) =>
    (await f.sesame.admin('/api/admin/redirect-rules/evaluate', { method: 'POST', body: { email } })).json();

  beforeAll(async () => {
    f = await startSsoFixture({
      users: [
        ...DEMO_USERS,
        { sub: 'sub-yahoo', username: 'yahoo-test', email: 'test@yahoo.com', givenName: 'Test', familyName: 'Yahoo', groups: [] },
      ],
    });
    ids.idp = f.provider.id;
    ids.partner = await addProvider('partner');
    ids.retired = await addProvider('retired');
  });
  afterAll(() => f?.close());
  // Every test starts from the same rules; one that needs others puts its own.
  beforeEach(() => putRules(f.provider.id));

  it('shows the email-first form instead of provider buttons', async () => {
    const html = await (await new TestBrowser().get(`${f.url}/login`)).text();
    expect(html).toContain('action="/login/discover"');
    expect(html).toContain('name="email"');
    expect(html).not.toContain('data-provider=');
  });

  it('routes an email to the first matching rule’s provider, with the email as login_hint up to the provider', async () => {
    const browser = new TestBrowser();
    const routed = await discover('Jane@Partner.Example', browser);
    expect(routed.status).toBe(303);
    const start = new URL(routed.location!, f.url);
    expect(start.pathname).toBe('/sso/partner/start');
    expect(Object.fromEntries(start.searchParams)).toEqual({ return_to: '/app', login_hint: 'Jane@Partner.Example' });
    const authorize = await browser.get(start.toString());
    expect(authorize.status).toBe(302);
    const atProvider = new URL(authorize.headers.get('location')!);
    expect(atProvider.origin).toBe(f.idp.issuer);
    expect(atProvider.searchParams.get('login_hint')).toBe('Jane@Partner.Example');
  });

  it('uses the default rule when no rule matches, and a routed person still signs in', async () => {
    const browser = new TestBrowser();
    const routed = await discover('alice@example.com', browser);
    expect(routed.status).toBe(303);
    expect(routed.location).toBe('/sso/idp/start?return_to=%2Fapp&login_hint=alice%40example.com');
    f.idp.autoLogin = 'alice';
    const { response } = await browser.follow(new URL(routed.location!, f.url).toString(), (next) => next.pathname === '/app');
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe('/app');
  });

  it('only routes: a person it sends to a provider is still held to the allowed domains', async () => {
    const current = (await (await f.sesame.admin('/api/admin/sign-in-settings')).json()) as Record<string, unknown>;
    await f.sesame.admin('/api/admin/sign-in-settings', { method: 'PUT', body: { ...current, allowedEmailDomains: ['example.com'] } });
    try {
      const browser = new TestBrowser();
      const routed = await discover('test@yahoo.com', browser);
      expect(routed.location).toContain('/sso/idp/start');
      f.idp.autoLogin = 'yahoo-test';
      const { response } = await browser.follow(new URL(routed.location!, f.url).toString());
      expect(response.status).toBe(403);
      expect(await response.text()).toContain('SSO_DOMAIN_NOT_ALLOWED');
    } finally {
      await f.sesame.admin('/api/admin/sign-in-settings', { method: 'PUT', body: current });
    }
  });

  it('evaluates an email: the provider and the rule that chose it', async () => {
    expect(await evaluate('jane@partner.example')).toEqual({ ok: true, providerId: ids.partner, rule: 'Partners' });
    expect(await evaluate('boss@corp.example')).toEqual({ ok: true, providerId: ids.retired, rule: 'Head office' });
    expect(await evaluate('a@hq.example.evil.com')).toEqual({ ok: true, providerId: ids.idp, rule: 'default' });
    expect(await evaluate('a@evil.com@partner.example')).toMatchObject({ ok: false, code: 'INVALID_EMAIL' });
  });

  it('reports rules naming a disabled or deleted provider, and skips them', async () => {
    // Providers of this test's own: the others' rules keep theirs.
    const disabled = await addProvider(`disabled-${++stale}`);
    const deleted = await addProvider(`deleted-${stale}`);
    await putRules(f.provider.id, { partner: disabled, headOffice: deleted });
    expect((await (await f.sesame.admin('/api/admin/redirect-rules')).json()) as Record<string, unknown>).toMatchObject({ staleRules: [] });
    expect((await f.sesame.admin(`/api/admin/providers/${disabled}/enabled`, { method: 'PUT', body: { enabled: false } })).status).toBe(
      200,
    );
    expect((await f.sesame.admin(`/api/admin/providers/${deleted}`, { method: 'DELETE' })).status).toBe(204);
    const described = (await (await f.sesame.admin('/api/admin/redirect-rules')).json()) as Record<string, unknown>;
    expect(described.staleRules).toEqual(['Partners', 'Head office']);
    expect(await evaluate('jane@partner.example')).toEqual({ ok: true, providerId: ids.idp, rule: 'default' });
    expect(await evaluate('boss@hq.example')).toEqual({ ok: true, providerId: ids.idp, rule: 'Staff' });
    expect((await discover('jane@partner.example')).location).toBe('/sso/idp/start?return_to=%2Fapp&login_hint=jane%40partner.example');
  });

  it('with no matching rule and no default, answers with a clear message on the form', async () => {
    expect((await putRules(null)).defaultProviderId).toBeNull();
    const none = await discover('someone@nowhere.example');
    expect(none.status).toBe(404);
    expect(none.html).toContain('No sign-in provider is set up for email addresses at nowhere.example');
    expect(none.html).toContain('value="someone@nowhere.example"');
    expect(none.location).toBeNull();

    const invalid = await discover('a@evil.com@partner.example');
    expect(invalid.status).toBe(400);
    expect(invalid.html).toContain('exactly one @');
  });

  it('refuses the email form without its CSRF token', async () => {
    const response = await new TestBrowser().post(`${f.url}/login/discover`, { email: 'alice@example.com' });
    expect(response.status).toBe(403);
    expect(await response.text()).toContain('CSRF_INVALID');
  });
});
