import { describe, expect, it } from '@jest/globals';
import { DEFAULT_LOOK_AND_FEEL, type LookAndFeelSettings } from './look-and-feel.settings.js';
import type { LoginPageModel, ProviderButton } from './page-models.js';
import { PageRenderer, type TemplateFailure } from './page-renderer.js';
import { SAMPLE_ERROR, SAMPLE_LOGIN, SAMPLE_LOGOUT } from './sample-models.js';

const NONCE = 'rAnd0mNonce==';

function setup(overrides: Partial<LookAndFeelSettings> = {}) {
  const failures: TemplateFailure[] = [];
  const renderer = new PageRenderer((failure) => failures.push(failure));
  const ctx = { nonce: NONCE, settings: { ...DEFAULT_LOOK_AND_FEEL, ...overrides } };
  return { renderer, ctx, failures };
}

const provider = (fields: Partial<ProviderButton>): ProviderButton => ({
  slug: 'okta',
  displayName: 'Okta',
  startUrl: '/sso/okta/start?return_to=%2F',
  buttonText: '',
  iconUrl: null,
  ...fields,
});

const login = (fields: Partial<LoginPageModel>): LoginPageModel => ({ ...SAMPLE_LOGIN, ...fields });

describe('PageRenderer: administrator templates cannot break out', () => {
  it.each([
    ['{{ constructor.constructor }}|', '|'],
    ['{% for p in providers %}{{ p.constructor.name }}{% endfor %}|', '|'],
    ["{{ '<script>alert(1)</script>' }}", '&lt;script&gt;alert(1)&lt;/script&gt;'],
    ['{{ message }}', '&lt;img src=x onerror=alert(1)&gt;'],
    ['<a href="{{ backdoorUrl }}">', '<a href="">'],
    ['{% for p in providers %}<img src="{{ p.iconUrl }}">{% endfor %}', '<img src="">'],
    ['{% for p in providers %}{{ p.displayName }}{% endfor %}', '&#34;&gt;&lt;script&gt;alert(1)&lt;/script&gt;'],
  ])('login template %s renders %j', async (template, expected) => {
    const { renderer, ctx, failures } = setup({ loginTemplate: template });
    const model = login({
      message: '<img src=x onerror=alert(1)>',
      backdoorUrl: 'javascript:alert(1)',
      providers: [provider({ displayName: '"><script>alert(1)</script>', iconUrl: 'javascript:alert(1)' })],
    });
    expect(await renderer.renderLogin(model, ctx)).toBe(expected);
    expect(failures).toEqual([]);
  });

  it.each([
    ["{% include '/etc/passwd' %}", 'tag "include" not found'],
    ["{% render 'x' %}", 'tag "render" not found'],
    ['{{ csrfToken | raw }}', 'undefined filter: raw'],
  ])('serves the built-in login page when the saved template is %s', async (template, reason) => {
    const { renderer, ctx, failures } = setup({ loginTemplate: template });
    const html = await renderer.renderLogin(SAMPLE_LOGIN, ctx);
    expect(html).toContain('<h1 class="title">Sign in</h1>');
    expect(html).not.toMatch(/root:|passwd/);
    expect(failures).toEqual([expect.objectContaining({ page: 'login', message: reason, line: 1, column: 1 })]);
  });

  it('falls back to the built-in page, and says where, when a template fails while rendering', async () => {
    const { renderer, ctx, failures } = setup({ errorTemplate: '<h1>Oops</h1>\n  {% for i in (1..100000000) %}x{% endfor %}' });
    const html = await renderer.renderError(SAMPLE_ERROR, ctx);
    expect(html).toContain('Access denied');
    expect(html).not.toContain('Oops');
    expect(failures).toEqual([{ page: 'error', message: expect.stringMatching(/limit/), line: 2, column: 3 }]);
  });

  it('hands the nonce to templates for their scripts and styles', async () => {
    const { renderer, ctx } = setup({ logoutTemplate: '<script nonce="{{ nonce }}"></script>{% default_styles %}' });
    const html = await renderer.renderLogout(SAMPLE_LOGOUT, ctx);
    expect(html).toMatch(new RegExp(`^<script nonce="${NONCE}"></script><style nonce="${NONCE}">`));
  });

  it('renders the preview without falling back, so an administrator sees what breaks', async () => {
    const { renderer, ctx } = setup();
    expect(await renderer.preview('logout', 'Bye {{ user.name }}', SAMPLE_LOGOUT, ctx)).toEqual({ ok: true, html: 'Bye Alice Martin' });
    expect(await renderer.preview('logout', 'x\n{% if %}', SAMPLE_LOGOUT, ctx)).toMatchObject({ ok: false, line: 2, column: 6 });
  });

  it('words the buttons with loginButtonText, a provider’s own text winning, a broken text falling back', async () => {
    const { renderer, ctx, failures } = setup({ loginButtonText: 'Continue with {{ provider.displayName | upcase }}' });
    const html = await renderer.renderLogin(
      login({
        providers: [
          provider({}),
          provider({ slug: 'corp', displayName: 'Corp', buttonText: 'Staff sign-in ({{ provider.slug }})' }),
          provider({ slug: 'bad', displayName: 'Bad', buttonText: '{{ provider.displayName | nope }}' }),
        ],
      }),
      ctx,
    );
    expect(html).toContain('<span>Continue with OKTA</span>');
    expect(html).toContain('<span>Staff sign-in (corp)</span>');
    expect(html).toContain('<span>Log in with Bad</span>');
    expect(failures).toEqual([expect.objectContaining({ page: 'loginButtonText', message: 'undefined filter: nope' })]);
  });
});
