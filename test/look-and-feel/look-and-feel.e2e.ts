import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ChangeBus } from '../../src/common/change-bus.js';
import { LookAndFeelErrorPageRenderer } from '../../src/modules/look-and-feel/index.js';
import { startTestSesame, type TestSesame } from '../support/test-sesame.js';

const DEFAULTS = {
  loginButtonText: 'Log in with {{ provider.displayName }}',
  loginTemplate: null,
  errorTemplate: null,
  logoutTemplate: null,
  errorMessages: {},
  postLogoutUrl: null,
  homeLinks: [],
  homeTemplate: null,
};

const CUSTOM = {
  loginButtonText: 'Continue with {{ provider.displayName }}',
  loginTemplate:
    '<!doctype html><title>ACME</title><h1>ACME staff</h1>{% for p in providers %}<a href="{{ p.startUrl }}">{{ p.buttonText }}</a>{% endfor %}',
  errorTemplate: null,
  logoutTemplate: '<p>See you, {{ user.name }}</p>',
  errorMessages: { SSO_DOMAIN_NOT_ALLOWED: 'Use your @acme.example account.' },
  postLogoutUrl: 'https://intranet.acme.example/',
};

describe('look-and-feel admin API', () => {
  let sesame: TestSesame;
  beforeAll(async () => {
    // The custom post-logout URL is on another origin: it must be allow-listed, as return URLs are.
    sesame = await startTestSesame({ env: { SESAME_ALLOWED_RETURN_ORIGINS: 'https://intranet.acme.example' } });
  });
  afterAll(() => sesame?.close());

  const put = (body: unknown) => sesame.admin('/api/admin/look-and-feel', { method: 'PUT', body });
  const preview = (body: unknown) => sesame.admin('/api/admin/look-and-feel/preview', { method: 'POST', body });
  /** Each test sets the document it starts from: none relies on what an earlier one saved. */
  const startFromNothingSaved = async () => {
    await sesame.db.query(`DELETE FROM settings WHERE key = 'look-and-feel'`);
    await sesame.sesame.app.get(ChangeBus).publish({ kind: 'settings', id: 'look-and-feel' });
  };
  const startFromCustom = async () => expect((await put(CUSTOM)).status).toBe(200);

  it('starts with the defaults', async () => {
    await startFromNothingSaved();
    const response = await sesame.admin('/api/admin/look-and-feel');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual(DEFAULTS);
  });

  it('refuses a template that does not parse with 422, the field, line and column, and saves nothing', async () => {
    await startFromNothingSaved();
    const response = await put({ ...CUSTOM, errorTemplate: '<h1>Error</h1>\n<p>{{ message | no_such_filter }}</p>' });
    expect(response.status).toBe(422);
    expect(await response.json()).toMatchObject({
      code: 'UNPROCESSABLE',
      field: 'errorTemplate',
      line: 2,
      column: 4,
      message: expect.stringContaining('undefined filter: no_such_filter'),
    });
    const include = await put({ ...CUSTOM, loginTemplate: "ok\n\n  {% include '/etc/passwd' %}" });
    expect(await include.json()).toMatchObject({ field: 'loginTemplate', line: 3, column: 3 });
    const buttonText = await put({ ...CUSTOM, loginButtonText: 'Log in {% if %}' });
    expect(await buttonText.json()).toMatchObject({ field: 'loginButtonText', line: 1 });
    expect(await (await sesame.admin('/api/admin/look-and-feel')).json()).toEqual(DEFAULTS);
  });

  it.each([
    ['an unknown error code', { errorMessages: { NOT_A_CODE: 'x' } }, 'errorMessages'],
    ['a message that is not text', { errorMessages: { SSO_DISABLED: 42 } }, 'errorMessages'],
    ['a javascript: post-logout URL', { postLogoutUrl: 'javascript:alert(1)' }, 'postLogoutUrl'],
    ['a protocol-relative post-logout URL', { postLogoutUrl: '//evil.example/' }, 'postLogoutUrl'],
    ['a missing template field', { logoutTemplate: undefined }, 'logoutTemplate'],
    ['an empty button text', { loginButtonText: '' }, 'loginButtonText'],
    ['an unknown field', { theme: 'dark' }, 'theme'],
  ])('answers 400 to %s', async (_case, change, field) => {
    const response = await put({ ...CUSTOM, ...change });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { code: string; errors: { field: string }[] };
    expect(body.code).toBe('VALIDATION_FAILED');
    expect(body.errors.map((e) => e.field)).toContain(field);
  });

  it('saves the whole document and reads it back', async () => {
    await startFromNothingSaved();
    const response = await put(CUSTOM);
    expect(response.status).toBe(200);
    // The home page's fields may be left out; they are saved as none.
    const saved = { ...CUSTOM, homeLinks: [], homeTemplate: null };
    expect(await response.json()).toEqual(saved);
    expect(await (await sesame.admin('/api/admin/look-and-feel')).json()).toEqual(saved);
    const [row] = await sesame.db.query<{ value: unknown }>(`SELECT value FROM settings WHERE key = 'look-and-feel'`);
    expect(row!.value).toEqual(saved);
  });

  it('previews the saved template with sample data merged with the administrator’s', async () => {
    await startFromCustom();
    const response = await preview({
      page: 'login',
      sample: { providers: [{ slug: 'acme', displayName: 'ACME <SSO>', startUrl: 'javascript:alert(1)', buttonText: '', iconUrl: null }] },
    });
    expect(response.status).toBe(200);
    const { html } = (await response.json()) as { html: string };
    expect(html).toContain('<h1>ACME staff</h1>');
    expect(html).toContain('<a href="">Continue with ACME &lt;SSO&gt;</a>');
  });

  it('previews a template that is not saved, or the built-in page (null)', async () => {
    await startFromCustom();
    const draft = await preview({ page: 'error', template: '<p>{{ title }}: {{ message }} ({{ code }})</p>' });
    expect(await draft.json()).toEqual({ html: '<p>Access denied: Use your @acme.example account. (SSO_DOMAIN_NOT_ALLOWED)</p>' });
    const builtIn = (await (await preview({ page: 'logout', template: null, sample: { user: null } })).json()) as { html: string };
    expect(builtIn.html).toContain('You are signed out');
    expect(builtIn.html).not.toContain('Goodbye');
    const saved = (await (await preview({ page: 'logout' })).json()) as { html: string };
    expect(saved.html).toBe('<p>See you, Alice Martin</p>');
  });

  it('answers 422 with line and column when a previewed template breaks, and 400 to an unknown page', async () => {
    const broken = await preview({ page: 'logout', template: 'one\ntwo {% for %}' });
    expect(broken.status).toBe(422);
    expect(await broken.json()).toMatchObject({ field: 'template', line: 2 });
    const tooBig = await preview({ page: 'logout', template: '{% for i in (1..100000000) %}x{% endfor %}' });
    expect(tooBig.status).toBe(422);
    expect(await tooBig.json()).toMatchObject({ field: 'template', message: expect.stringMatching(/limit/) });
    expect((await preview({ page: 'admin' })).status).toBe(400);
  });

  it('renders the global error page with the saved messages, and a CSP that names its nonce', async () => {
    await startFromCustom();
    const errorPages = sesame.sesame.app.get(LookAndFeelErrorPageRenderer);
    const { html, headers } = await errorPages.render({
      status: 403,
      code: 'SSO_DOMAIN_NOT_ALLOWED',
      message: 'domain evil.example is not allowed',
      requestId: 'req-42',
    });
    expect(html).toContain('Use your @acme.example account.');
    // The administrator's message leads; the specific reason follows as details, escaped.
    expect(html.indexOf('Use your @acme.example account.')).toBeLessThan(html.indexOf('domain evil.example is not allowed'));
    const nonce = /<style nonce="([^"]+)">/.exec(html)?.[1];
    expect(nonce).toMatch(/^[A-Za-z0-9+/]{22}==$/);
    expect(headers['content-security-policy']).toContain(`script-src 'nonce-${nonce}'`);
    expect(headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(headers['x-frame-options']).toBe('DENY');
  });

  it('logs, and serves the built-in page, when a saved template fails while rendering', async () => {
    expect((await put({ ...CUSTOM, errorTemplate: '{% for i in (1..100000000) %}x{% endfor %}' })).status).toBe(200);
    const { html } = await sesame.sesame.app.get(LookAndFeelErrorPageRenderer).render({
      status: 500,
      code: 'INTERNAL',
      message: 'boom',
      requestId: 'req-43',
    });
    expect(html).toContain('Something went wrong');
    expect(sesame.logs).toContainEqual(
      expect.objectContaining({
        level: 'warn',
        msg: 'custom page template failed; served the built-in page',
        template: expect.objectContaining({ page: 'error' }),
      }),
    );
  });
});
