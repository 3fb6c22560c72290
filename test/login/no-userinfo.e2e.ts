import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { TestBrowser } from '../support/browser.js';
import { startSsoFixture, type SsoFixture } from '../support/sso-fixture.js';

/** A provider whose discovery document names no userinfo endpoint: the signed ID token is all a login reads. */
describe('a provider without a userinfo endpoint', () => {
  let f: SsoFixture;
  const fetched: string[] = [];
  beforeAll(async () => {
    f = await startSsoFixture();
    f.idp.intercept = async (ctx, next) => {
      fetched.push(ctx.path);
      await next();
      if (ctx.path === '/.well-known/openid-configuration') {
        const { userinfo_endpoint: _gone, ...rest } = ctx.body as Record<string, unknown>;
        ctx.body = rest;
      }
    };
  });
  afterAll(() => f?.close());

  it('signs in from the ID token alone, and never calls userinfo', async () => {
    const browser = new TestBrowser();
    const result = await f.login(browser, 'alice');
    expect(result.status).toBe(302);
    expect(fetched).toContain('/token');
    expect(fetched).not.toContain('/me');
    const me = await browser.get(`${f.url}/api/me`);
    expect(await me.json()).toMatchObject({ username: 'alice', email: 'alice@example.com' });

    // The second login reads the same (cached) configuration.
    fetched.length = 0;
    expect((await f.login(new TestBrowser(), 'alice')).status).toBe(302);
    expect(fetched).toContain('/token');
    expect(fetched).not.toContain('/me');
  });
});
