import { describe, expect, it } from '@jest/globals';
import { DEFAULT_LOOK_AND_FEEL, type LookAndFeelSettings } from './look-and-feel.settings.js';
import type { LoginPageModel, ProviderButton } from './page-models.js';
import { PageRenderer, type TemplateFailure } from './page-renderer.js';
import { SAMPLE_BACKDOOR, SAMPLE_ERROR, SAMPLE_LOGIN, SAMPLE_LOGOUT, SAMPLE_TEST_RESULT } from './sample-models.js';

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

const refusedPreview = {
  user: null,
  groups: { add: [], remove: [], create: [] },
  denied: { code: 'SSO_GROUP_NOT_ALLOWED', message: 'You are not in a group that may sign in here.' },
};

describe('PageRenderer: built-in login page', () => {
  it('escapes a hostile display name and drops unsafe icons and links', async () => {
    const { renderer, ctx } = setup();
    const html = await renderer.renderLogin(
      login({
        providers: [
          provider({ slug: 'evil', displayName: '"><script>alert(1)</script>', iconUrl: 'javascript:alert(1)' }),
          provider({ slug: 'data', displayName: 'Data', iconUrl: 'data:text/html,<script>alert(2)</script>' }),
        ],
        backdoorUrl: 'javascript:alert(3)',
      }),
      ctx,
    );
    expect(html).not.toMatch(/<script>alert|javascript:|data:text/);
    expect(html).toContain('Log in with &#34;&gt;&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).not.toContain('<img');
    expect(html).not.toContain('Emergency sign-in');
  });

  it('submits every provider button through one GET form carrying return_to and remember_me', async () => {
    const { renderer, ctx } = setup();
    const html = await renderer.renderLogin(SAMPLE_LOGIN, ctx);
    expect(html).toContain('<form class="providers" method="get" action="/sso/entra/start">');
    expect(html).toContain('<input type="hidden" name="return_to" value="/">');
    expect(html).toContain('<input type="checkbox" id="remember-me" name="remember_me" value="1">');
    expect(html).toContain('formaction="/sso/okta/start" data-provider="okta"');
    expect(html).toContain('<a href="/backdoor">Emergency sign-in</a>');
    expect(html).not.toContain('<script');
  });

  it('uses links (and a nonce’d script for remember-me) when start URLs carry different parameters', async () => {
    const { renderer, ctx } = setup();
    const html = await renderer.renderLogin(
      login({ providers: [provider({}), provider({ slug: 'g', displayName: 'Google', startUrl: '/sso/g/start?prompt=login' })] }),
      ctx,
    );
    expect(html).toContain('<a class="btn btn-provider" href="/sso/g/start?prompt=login" data-start-url="/sso/g/start?prompt=login"');
    expect(html).toContain(`<script nonce="${NONCE}">`);
    expect(html).not.toContain('<form class="providers"');
  });

  it('shows the email-first form with its error, csrf and return_to', async () => {
    const { renderer, ctx } = setup();
    const html = await renderer.renderLogin(
      login({
        providers: [],
        emailFirst: { enabled: true, action: '/login/discover', email: 'a@b.example"', message: 'No sign-in method for b.example' },
        csrfToken: 'csrf-123',
        returnTo: '/app?x=1&y=2',
      }),
      ctx,
    );
    expect(html).toContain('<form class="stack" method="post" action="/login/discover">');
    expect(html).toContain('<input type="hidden" name="csrf" value="csrf-123">');
    expect(html).toContain('<input type="hidden" name="return_to" value="/app?x=1&amp;y=2">');
    expect(html).toContain('value="a@b.example&#34;" aria-invalid="true" aria-describedby="email-error"');
    expect(html).toContain('<p class="field-error" id="email-error" role="alert">No sign-in method for b.example</p>');
  });

  it.each([
    [5, '<span id="auto-redirect-seconds">5</span> <span id="auto-redirect-unit">seconds</span>'],
    [0, 'Taking you to your organisation’s <span class="nowrap">sign-in</span> page…'],
  ])('counts down %i seconds with a nonce’d script, a cancel link and a no-script link', async (delaySeconds, text) => {
    const { renderer, ctx } = setup();
    const autoRedirect = { url: '/sso/okta/start?return_to=%2F', delaySeconds, cancelUrl: '/login?auto=0' };
    const html = await renderer.renderLogin(login({ autoRedirect }), ctx);
    expect(html).toContain(text);
    expect(html).toContain(`data-url="/sso/okta/start?return_to=%2F" data-delay="${delaySeconds}"`);
    expect(html).toContain('<a class="btn btn-link" id="auto-redirect-cancel" href="/login?auto=0">');
    expect(html).toContain('<a class="btn btn-primary" id="auto-redirect-continue" href="/sso/okta/start?return_to=%2F">');
    expect(html).toContain(`<script nonce="${NONCE}">`);
    expect(html).toContain('location.replace(url)');
    expect(html).not.toContain('data-provider=');
  });
});

describe('PageRenderer: other built-in pages', () => {
  it('explains an error in words, with the administrator’s message, the next step and the request id', async () => {
    const { renderer, ctx } = setup({ errorMessages: { SSO_DOMAIN_NOT_ALLOWED: 'Use your <b>@example.com</b> account.' } });
    const html = await renderer.renderError(SAMPLE_ERROR, ctx);
    expect(html).toContain('<h1 class="title">Access denied</h1>');
    expect(html).toContain('<p class="lead">Use your &lt;b&gt;@example.com&lt;/b&gt; account.</p>');
    expect(html).toContain('What to do next');
    expect(html).toContain(SAMPLE_ERROR.requestId);
    expect(html).toContain('<a class="btn btn-primary" href="/login">Try again</a>');
  });

  it('says "You are signed out" with a way back in', async () => {
    const { renderer, ctx } = setup();
    const html = await renderer.renderLogout({ user: { username: 'bob', displayName: '<Bob>' }, loginUrl: '/login' }, ctx);
    expect(html).toContain('You are signed out');
    expect(html).toContain('Goodbye, &lt;Bob&gt;.');
    expect(html).toContain('<a class="btn btn-primary" href="/login">Sign in again</a>');
  });

  it('shows Test Configuration attributes and the mapping preview, escaped', async () => {
    const { renderer, ctx } = setup();
    const attributes = [...SAMPLE_TEST_RESULT.attributes, { path: 'nickname', value: '<script>x</script>' }];
    const html = await renderer.renderTestResult({ ...SAMPLE_TEST_RESULT, attributes }, ctx);
    expect(html).toContain('<td><code>email</code></td><td>alice.martin@example.com</td>');
    expect(html).toContain('&lt;script&gt;x&lt;/script&gt;');
    expect(html).toContain('<td>Remove from</td><td><code>contractors</code></td>');
    expect(html).toContain('Success');
  });

  it.each([
    ['a connection that failed', { ok: false }, 'badge-error">Failed'],
    ['a sign-in the mappings would refuse', { preview: { ...refusedPreview } }, 'badge-warning">Sign-in refused'],
    ['a sign-in that would work', {}, 'badge-success">Success'],
  ])('sums up %s in the badge', async (_case, change, badge) => {
    const { renderer, ctx } = setup();
    const html = await renderer.renderTestResult({ ...SAMPLE_TEST_RESULT, ...change }, ctx);
    expect(html).toContain(badge);
  });

  it('says the account decision in words, and shows no user or groups when the sign-in would be refused', async () => {
    const { renderer, ctx } = setup();
    const preview = { ...SAMPLE_TEST_RESULT.preview!, user: { ...SAMPLE_TEST_RESULT.preview!.user!, action: 'use' } };
    expect(await renderer.renderTestResult({ ...SAMPLE_TEST_RESULT, preview }, ctx)).toContain('<dd>Sign in to the existing user</dd>');
    const refused = await renderer.renderTestResult({ ...SAMPLE_TEST_RESULT, preview: { ...refusedPreview } }, ctx);
    expect(refused).toContain('<strong>Sign-in would be refused:</strong> You are not in a group that may sign in here.');
    expect(refused).not.toMatch(/<dl class="summary">|<h3>Groups<\/h3>/);
  });

  it('keeps the backdoor key and csrf in hidden fields', async () => {
    const { renderer, ctx } = setup();
    const html = await renderer.renderBackdoor({ ...SAMPLE_BACKDOOR, key: 'k"ey', error: 'Wrong password' }, ctx);
    expect(html).toContain('<input type="hidden" name="key" value="k&#34;ey">');
    expect(html).toContain('<input type="hidden" name="csrf" value="sample-csrf-token">');
    expect(html).toContain('<div class="alert alert-error" role="alert">Wrong password</div>');
    expect(html).toContain('autocomplete="current-password"');
  });

  it.each(['login', 'error', 'logout', 'testResult', 'backdoor'] as const)('the %s page is accessible and self-contained', async (page) => {
    const { renderer, ctx } = setup();
    const html = {
      login: () => renderer.renderLogin(SAMPLE_LOGIN, ctx),
      error: () => renderer.renderError(SAMPLE_ERROR, ctx),
      logout: () => renderer.renderLogout(SAMPLE_LOGOUT, ctx),
      testResult: () => renderer.renderTestResult(SAMPLE_TEST_RESULT, ctx),
      backdoor: () => renderer.renderBackdoor(SAMPLE_BACKDOOR, ctx),
    }[page];
    const text = await html();
    expect(text).toMatch(/^<!doctype html>\n<html lang="en">/);
    expect(text).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
    expect(text).toMatch(/<main[ >]/);
    expect(text).toContain(`<style nonce="${NONCE}">`);
    expect(text).not.toMatch(/<link|@import|url\(|src="https?:|<script(?! nonce)|style="/);
    for (const id of text.matchAll(/<input id="([^"]+)"/g)) expect(text).toContain(`<label for="${id[1]}">`);
  });
});
