import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Clock } from '../../src/common/clock.js';
import { TestBrowser } from '../support/browser.js';
import { startSsoFixture, type SsoFixture } from '../support/sso-fixture.js';

type Json = Record<string, any>;

const PICKER = /Choose who to sign in as/;

/**
 * Signing in again for the console: the SSO start takes `prompt=login` to the provider's
 * authorization request, the test provider then asks again instead of answering from its own
 * session, and the new login is a new session. The admin API's refusal says where to go.
 */
describe('re-authentication: /sso/{slug}/start?prompt=login', () => {
  let f: SsoFixture;
  const clock = new Clock();
  const alice = new TestBrowser();

  beforeAll(async () => {
    f = await startSsoFixture({ clock });
    const mappingPath = `/api/admin/providers/${f.provider.id}/group-mapping`;
    const mapping = (await (await f.sesame.admin(mappingPath)).json()) as Json;
    const onTheFly = { ...mapping, mode: 'on-the-fly', onTheFly: { ...mapping.onTheFly, createMissingGroups: true } };
    expect((await f.sesame.admin(mappingPath, { method: 'PUT', body: onTheFly })).status).toBe(200);
    const settings = (await (await f.sesame.admin('/api/admin/sign-in-settings')).json()) as Json;
    const put = await f.sesame.admin('/api/admin/sign-in-settings', {
      method: 'PUT',
      body: { ...settings, adminGroups: { admin: ['admins'], readOnly: [] }, adminSession: { reauthenticateAfterMinutes: 5 } },
    });
    expect(put.status).toBe(200);
    expect((await f.login(alice, 'alice')).status).toBe(302);
    f.idp.autoLogin = null; // from now on the provider answers only from its own session, or asks
  });
  afterAll(() => f?.close());

  const consoleCall = async (path: string, init: { method?: string; body?: unknown; csrf?: string } = {}) => {
    const headers: Record<string, string> = {
      'sec-fetch-site': 'same-origin',
      cookie: `sesame_session=${alice.cookie(f.url, 'sesame_session')}`,
    };
    if (init.csrf) headers['x-sesame-csrf'] = init.csrf;
    if (init.body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(f.url + path, {
      method: init.method ?? 'GET',
      headers,
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
    return { status: response.status, body: (await response.json()) as Json };
  };

  it('without prompt, the provider answers from its own session: no question asked', async () => {
    const { response, url } = await alice.follow(`${f.url}/sso/${f.provider.slug}/start?return_to=%2Fapp`, (next) =>
      next.pathname.endsWith('/callback'),
    );
    await response.arrayBuffer();
    expect(new URL(url).pathname).toBe(`/sso/${f.provider.slug}/callback`);
  });

  it('answers a write with a too old sign-in by 401 REAUTHENTICATION_REQUIRED and where to sign in again', async () => {
    const csrf = (await consoleCall('/api/admin/me')).body.csrfToken as string;
    clock.advance(6 * 60_000);
    const late = await consoleCall('/api/admin/groups', { method: 'POST', body: { name: 'too-late' }, csrf });
    expect(late.status).toBe(401);
    expect(late.body).toMatchObject({
      code: 'REAUTHENTICATION_REQUIRED',
      reauthenticateUrl: `/sso/${f.provider.slug}/start?prompt=login&return_to=%2Fadmin%2F`,
    });
  });

  it('with prompt=login, the authorization request carries it and the provider asks for the credentials again', async () => {
    const before = (await consoleCall('/api/admin/me')).body.signedInAt as string;
    const start = await alice.get(
      `${f.url}/sso/${f.provider.slug}/start?prompt=login&return_to=${encodeURIComponent('/admin/#/directory')}`,
    );
    expect(start.status).toBe(302);
    const authorization = new URL(start.headers.get('location')!);
    expect(authorization.origin).toBe(new URL(f.idp.issuer).origin);
    expect(authorization.searchParams.get('prompt')).toBe('login');
    const asked = await alice.follow(authorization.href);
    expect(asked.response.status).toBe(200);
    const page = await asked.response.text();
    expect(page).toMatch(PICKER);
    // The person signs in again: a new session, signed in now, and writes work again.
    const pick = new URL(/href="(\/interaction\/[^"]+\/pick\?sub=demo-alice)"/.exec(page)![1]!, asked.url);
    const back = await alice.follow(pick.href, (next) => next.origin === f.url && !next.pathname.endsWith('/callback'));
    expect(back.url).toBe(`${f.url}/admin/#/directory`);
    const me = await consoleCall('/api/admin/me');
    expect(Date.parse(me.body.signedInAt)).toBeGreaterThan(Date.parse(before));
    expect((await consoleCall('/api/admin/groups', { method: 'POST', body: { name: 'on-time' }, csrf: me.body.csrfToken })).status).toBe(
      201,
    );
  });

  it('refuses a prompt OpenID Connect does not allow here, naming the field', async () => {
    for (const prompt of ['none', 'relogin', 'login none']) {
      const answer = await new TestBrowser().get(
        `${f.url}/sso/${f.provider.slug}/start?prompt=${encodeURIComponent(prompt)}&return_to=%2Fapp`,
      );
      expect([prompt, answer.status]).toEqual([prompt, 400]);
      expect(await answer.text()).toMatch(/prompt: must be login, select_account, consent/);
    }
    for (const prompt of ['select_account', 'consent', 'login consent']) {
      const answer = await new TestBrowser().get(`${f.url}/sso/${f.provider.slug}/start?prompt=${encodeURIComponent(prompt)}`);
      expect(answer.status).toBe(302);
      expect(new URL(answer.headers.get('location')!).searchParams.get('prompt')).toBe(prompt);
    }
  });

  it('keeps the return-URL rules: a foreign return_to is not followed after a prompt=login start', async () => {
    const start = await new TestBrowser().get(
      `${f.url}/sso/${f.provider.slug}/start?prompt=login&return_to=${encodeURIComponent('https://evil.example/x')}`,
    );
    expect(start.status).toBe(302);
    const state = new URL(start.headers.get('location')!).searchParams.get('state')!;
    const rows: { return_to: string }[] = await f.sesame.db.query(`SELECT return_to FROM login_transactions WHERE state = $1`, [state]);
    expect(rows.map((r) => r.return_to)).toEqual(['/']);
  });

  it('sends a backdoor session to the backdoor login, never with its key', async () => {
    const password = 'correct horse battery staple';
    const root = (await (
      await f.sesame.admin('/api/admin/users', { method: 'POST', body: { username: 'root', password } })
    ).json()) as Json;
    const admins = ((await (await f.sesame.admin('/api/admin/groups?search=admins')).json()) as Json).items[0].id as string;
    expect((await f.sesame.admin(`/api/admin/groups/${admins}/members`, { method: 'POST', body: { userId: root.id } })).status).toBe(204);
    const settings = (await (await f.sesame.admin('/api/admin/sign-in-settings')).json()) as Json;
    const key = 'break-glass-key-0123456789';
    const opened = await f.sesame.admin('/api/admin/sign-in-settings', {
      method: 'PUT',
      body: { ...settings, backdoor: { enabled: true, key, allowedGroups: ['admins'] } },
    });
    expect(opened.status).toBe(200);
    const browser = new TestBrowser();
    const form = await (await browser.get(`${f.url}/backdoor?key=${key}`)).text();
    const csrf = /name="csrf" value="([^"]+)"/.exec(form)![1]!;
    expect((await browser.post(`${f.url}/backdoor?return_to=%2Fadmin%2F`, { csrf, key, username: 'root', password })).status).toBe(303);
    const cookie = `sesame_session=${browser.cookie(f.url, 'sesame_session')}`;
    const headers = { 'sec-fetch-site': 'same-origin', cookie };
    const me = (await (await fetch(`${f.url}/api/admin/me`, { headers })).json()) as Json;
    clock.advance(6 * 60_000);
    const late = await fetch(`${f.url}/api/admin/groups`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json', 'x-sesame-csrf': me.csrfToken },
      body: JSON.stringify({ name: 'backdoor-late' }),
    });
    expect(late.status).toBe(401);
    const body = (await late.json()) as Json;
    expect(body).toMatchObject({ code: 'REAUTHENTICATION_REQUIRED', reauthenticateUrl: '/backdoor?return_to=%2Fadmin%2F' });
    expect(JSON.stringify(body)).not.toContain(key);
  });
});
