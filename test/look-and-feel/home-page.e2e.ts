import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { TestBrowser } from '../support/browser.js';
import { setGroupMapping } from '../mapping/mapping-fixture.js';
import { startSsoFixture, type SsoFixture } from '../support/sso-fixture.js';

type Json = Record<string, any>;

const HOSTILE = '<img src=x onerror="alert(1)">';
const LINKS = [
  { name: 'Wiki', url: 'https://wiki.example.com/', description: 'How we work' },
  { name: 'Build server', url: 'https://ci.example.com/', groups: ['Developers'] },
  { name: 'CRM', url: 'https://crm.example.com/', groups: ['sales'] },
  { name: HOSTILE, url: 'https://odd.example.com/?a=1&b="2"', description: `</dd><script>alert(2)</script>` },
];

/** `/` after signing in: who you are, your groups, the links meant for you, and sign out. */
describe('home page', () => {
  let f: SsoFixture;
  let lookAndFeel: Json;
  beforeAll(async () => {
    f = await startSsoFixture();
    await setGroupMapping(f, {
      assignDefaultGroupsTo: 'none',
      mode: 'on-the-fly',
      onTheFly: { createMissingGroups: true, keepExistingGroups: false },
    });
    lookAndFeel = (await (await f.sesame.admin('/api/admin/look-and-feel')).json()) as Json;
  });
  afterAll(() => f?.close());

  const put = (body: Json) => f.sesame.admin('/api/admin/look-and-feel', { method: 'PUT', body });
  async function signedIn(username: string): Promise<TestBrowser> {
    const browser = new TestBrowser();
    const login = await f.login(browser, username, { returnTo: '/' });
    expect(login.location).toBe('/');
    return browser;
  }

  it('sends a signed-out visitor to the login page', async () => {
    const response = await new TestBrowser().get(`${f.url}/`);
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe('/login');
  });

  it('starts with no links, and refuses a link that is not an absolute http(s) URL with 422 naming the field', async () => {
    expect(lookAndFeel).toMatchObject({ homeLinks: [], homeTemplate: null });
    for (const url of ['javascript:alert(1)', 'data:text/html,hi', '/relative', `https://example.com/${'a'.repeat(2_000)}`]) {
      const response = await put({ ...lookAndFeel, homeLinks: [LINKS[0], { name: 'Bad', url }] });
      expect(response.status).toBe(422);
      expect(await response.json()).toMatchObject({ field: 'homeLinks[1].url', message: expect.stringContaining('homeLinks[1].url') });
    }
    const long = await put({ ...lookAndFeel, homeLinks: [{ name: 'n'.repeat(101), url: 'https://example.com/' }] });
    expect(long.status).toBe(422);
    expect(await long.json()).toMatchObject({ field: 'homeLinks[0].name' });
    const typed = await put({ ...lookAndFeel, homeLinks: [{ name: 'No URL' }] });
    expect(typed.status).toBe(400);
    expect(await typed.text()).toContain('homeLinks.0.url');
    expect((await (await f.sesame.admin('/api/admin/look-and-feel')).json()).homeLinks).toEqual([]);
  });

  it('shows alice who she is, her groups and the links for everybody or her groups, escaped, with a POST sign-out form', async () => {
    const saved = await put({ ...lookAndFeel, homeLinks: LINKS });
    expect(saved.status).toBe(200);
    expect((await saved.json()).homeLinks[1]).toEqual({ ...LINKS[1], description: null });

    const browser = await signedIn('alice');
    const me = (await (await browser.get(`${f.url}/api/me`)).json()) as Json;
    const response = await browser.get(`${f.url}/`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-security-policy')).toMatch(/script-src 'nonce-[^']+'/);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const html = await response.text();
    expect(html).toContain(`>${me.displayName}<`);
    expect(html).toContain('>alice<');
    expect(html).toContain('alice@example.com');
    expect(html).toMatch(/<span class="badge badge-group">admins<\/span>.*<span class="badge badge-group">developers<\/span>/s);
    expect(html).toContain('href="https://wiki.example.com/"');
    expect(html).toContain('href="https://ci.example.com/"');
    expect(html).not.toContain('crm.example.com');
    expect(html).toContain('&lt;img src=x onerror=&#34;alert(1)&#34;&gt;');
    expect(html).not.toContain('<img src=x');
    expect(html).not.toContain('<script>alert(2)');
    expect(html).toContain('href="https://odd.example.com/?a=1&amp;b=&#34;2&#34;"');
    expect(html).toMatch(/<form method="post" action="\/logout"/);

    // The form's own token signs out, even from a browser that says nothing of where a post comes from.
    const csrf = /<input type="hidden" name="csrf" value="([\w-]{43})">/.exec(html)?.[1];
    expect(csrf).toBeDefined();
    expect((await browser.post(`${f.url}/logout`, {})).status).toBe(403);
    const out = await browser.post(`${f.url}/logout`, { csrf: csrf! });
    expect(out.status).toBe(200);
    expect((await browser.get(`${f.url}/`)).status).toBe(302);
  });

  it('shows bob the sales link and not the developers one', async () => {
    const html = await (await (await signedIn('bob')).get(`${f.url}/`)).text();
    expect(html).toContain('crm.example.com');
    expect(html).not.toContain('ci.example.com');
    expect(html).toContain('<span class="badge badge-group">sales</span>');
  });

  it('uses the administrator’s home template, previews it, audits the change and exports the links', async () => {
    const homeTemplate = '<p id="custom">Hi {{ user.username }}: {% for l in links %}[{{ l.name }}]{% endfor %}</p>';
    expect((await put({ ...lookAndFeel, homeLinks: LINKS, homeTemplate })).status).toBe(200);
    const html = await (await (await signedIn('bob')).get(`${f.url}/`)).text();
    expect(html).toBe(`<p id="custom">Hi bob: [Wiki][CRM][&lt;img src=x onerror=&#34;alert(1)&#34;&gt;]</p>`);

    const preview = await f.sesame.admin('/api/admin/look-and-feel/preview', { method: 'POST', body: { page: 'home', template: null } });
    expect(preview.status).toBe(200);
    expect((await preview.json()).html).toContain('Hello, Alice Martin');

    const events = (await (await f.sesame.admin('/api/admin/audit-events?limit=100')).json()).items as Json[];
    const change = events.find((e) => e.type === 'admin_change' && e.details?.entityId === 'look-and-feel');
    expect(change?.details.after.homeTemplate).toBe(homeTemplate);

    const exported = (await (await f.sesame.admin('/api/admin/config/export')).json()) as Json;
    expect(exported.lookAndFeel).toMatchObject({
      homeTemplate,
      homeLinks: expect.arrayContaining([expect.objectContaining({ name: 'CRM' })]),
    });
    expect((await put(lookAndFeel)).status).toBe(200);
  });
});
