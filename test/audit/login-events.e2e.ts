import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { TestBrowser } from '../support/browser.js';
import { CLIENT_SECRET, startSsoFixture, type SsoFixture } from '../support/sso-fixture.js';

type Json = Record<string, any>;
const USER_AGENT = 'Mozilla/5.0 (X11; Linux x86_64) LoginEventsTest/1.0';

/** Real logins through a real identity provider leave one audit event each, with who, how, from where — and no secret. */
describe('audit events of sign-ins and sign-outs', () => {
  let f: SsoFixture;
  const seenSecrets: string[] = [CLIENT_SECRET];

  beforeAll(async () => {
    f = await startSsoFixture();
    const mapping = await f.sesame.admin(`/api/admin/providers/${f.provider.id}/group-mapping`, {
      method: 'PUT',
      body: {
        groupAttribute: 'groups',
        defaultGroups: [],
        assignDefaultGroupsTo: 'new',
        mode: 'on-the-fly',
        updateExistingUsers: true,
        manual: { rules: [], requireMappedGroupForCreation: false },
        onTheFly: { createMissingGroups: true, keepExistingGroups: true, excludeGroups: [] },
        allowedGroups: [],
      },
    });
    expect(mapping.status).toBe(200);
  });
  afterAll(() => f?.close());

  const browser = () => new TestBrowser({ 'user-agent': USER_AGENT });

  /** The event written for one request (the log is written after the response, so it may take a moment). */
  async function eventOf(response: Response): Promise<Json> {
    const requestId = response.headers.get('x-request-id');
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
    for (let attempt = 0; attempt < 50; attempt++) {
      const page = (await (await f.sesame.admin('/api/admin/audit-events?limit=100')).json()) as { items: Json[] };
      const event = page.items.find((e) => e.requestId === requestId);
      if (event) return event;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`no audit event for request ${requestId}`);
  }

  /** The authorization code and tokens of a login are secrets too: remember what the browser saw. */
  function remember(hops: readonly string[], browserUsed: TestBrowser): void {
    for (const hop of hops) {
      const code = new URL(hop).searchParams.get('code');
      if (code) seenSecrets.push(code);
    }
    const session = browserUsed.cookie(f.url, 'sesame_session');
    if (session) seenSecrets.push(session);
  }

  let alice: { userId: string; browser: TestBrowser };

  it('records a successful login: provider, user, groups added and created, IP, user agent, request id', async () => {
    const b = browser();
    const result = await f.login(b, 'alice');
    expect(result.status).toBe(302);
    remember(result.hops, b);
    const event = await eventOf(result.response);
    expect(event).toMatchObject({
      type: 'login',
      outcome: 'success',
      code: null,
      providerId: f.provider.id,
      providerSlug: 'idp',
      username: 'alice',
      ip: '127.0.0.1',
      userAgent: USER_AGENT,
      actor: null,
    });
    expect(event.userId).toMatch(/^[0-9a-f-]{36}$/);
    expect(event.details).toMatchObject({ userCreated: true, groupsRemoved: [], groupsUnchanged: false });
    expect(event.details.groupsAdded.map((g: Json) => g.group).sort()).toEqual(['admins', 'developers']);
    expect([...event.details.groupsCreated].sort()).toEqual(['admins', 'developers']);
    expect(event.details.groupsAdded[0].rule).toMatch(/^on-the-fly/);
    alice = { userId: event.userId, browser: b };
  });

  it('records a login refused by the sign-in settings (email domain not allowed), with its code and no user', async () => {
    const settings = (await (await f.sesame.admin('/api/admin/sign-in-settings')).json()) as Json;
    const restrict = await f.sesame.admin('/api/admin/sign-in-settings', {
      method: 'PUT',
      body: { ...settings, allowedEmailDomains: ['example.org'] },
    });
    expect(restrict.status).toBe(200);
    try {
      const b = browser();
      const result = await f.login(b, 'bob');
      expect(result.status).toBe(403);
      remember(result.hops, b);
      const event = await eventOf(result.response);
      expect(event).toMatchObject({
        type: 'login',
        outcome: 'failure',
        code: 'SSO_DOMAIN_NOT_ALLOWED',
        providerId: f.provider.id,
        providerSlug: 'idp',
        userId: null,
        ip: '127.0.0.1',
        userAgent: USER_AGENT,
      });
      expect(event.details.reason).toContain('example.com');
      expect(await f.sesame.db.query(`SELECT id FROM users WHERE username = 'bob'`)).toEqual([]);
    } finally {
      await f.sesame.admin('/api/admin/sign-in-settings', { method: 'PUT', body: settings });
    }
  });

  it('records a login the provider refused (access_denied)', async () => {
    const b = browser();
    const authorize = await f.begin(b);
    const query = new URLSearchParams({ error: 'access_denied', state: authorize.searchParams.get('state')!, iss: f.idp.issuer });
    const response = await b.get(`${f.url}/sso/idp/callback?${query}`);
    expect(response.status).toBe(403);
    expect(await eventOf(response)).toMatchObject({
      type: 'login',
      outcome: 'failure',
      code: 'SSO_ACCESS_DENIED',
      providerSlug: 'idp',
      userId: null,
      userAgent: USER_AGENT,
    });
  });

  it('records a logout with the user and the provider they signed in with', async () => {
    const response = await alice.browser.get(`${f.url}/logout`, { 'sec-fetch-site': 'same-origin' });
    expect(response.status).toBeLessThan(400);
    expect(await eventOf(response)).toMatchObject({
      type: 'logout',
      outcome: 'success',
      userId: alice.userId,
      username: 'alice',
      providerId: f.provider.id,
      ip: '127.0.0.1',
      userAgent: USER_AGENT,
    });
  });

  it('keeps every secret of those logins out of the log: client secret, codes, tokens, session cookies', async () => {
    expect(seenSecrets.length).toBeGreaterThanOrEqual(4);
    const rows = await f.sesame.db.query<{ raw: string }>(`SELECT row_to_json(a)::text AS raw FROM audit_events a`);
    expect(rows.length).toBeGreaterThanOrEqual(4);
    const everything = rows.map((r) => r.raw).join('\n');
    for (const secret of seenSecrets) expect(everything).not.toContain(secret);
    // No JWT (ID token, logout token) either: they all start with a base64url '{"'.
    expect(everything).not.toMatch(/eyJ[\w-]{10,}\.[\w-]{10,}/);
  });
});
