import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { TestBrowser } from '../support/browser.js';
import { startSsoFixture, type SsoFixture } from '../support/sso-fixture.js';
import { adminJson, person, registerSecondProvider, USER_MAPPING_DEFAULTS } from '../mapping/mapping-fixture.js';

/**
 * Two attacks on account linking that no other rule stops: a callback replayed at another
 * provider (mix-up), and an account pre-created with someone else's unverified email.
 */
describe('account safety across providers', () => {
  let f: SsoFixture;
  let second: { id: string; slug: string };

  beforeAll(async () => {
    f = await startSsoFixture();
    second = await registerSecondProvider(f, 'Second IdP');
  });
  afterAll(() => f?.close());

  const identities = (sub: string) =>
    f.sesame.db.query<{ provider_id: string; user_id: string }>(`SELECT provider_id, user_id FROM user_identities WHERE subject = $1`, [
      sub,
    ]);

  it('refuses a login transaction begun at one provider and delivered to the callback of another', async () => {
    const victim = person(f, { username: 'mixup' });
    f.idp.autoLogin = victim.username;
    const browser = new TestBrowser();
    const { hops } = await browser.follow(
      `${f.url}/sso/idp/start?return_to=%2Fapp`,
      (next) => next.origin === f.url && next.pathname.endsWith('/callback'),
    );
    const callback = new URL(hops.find((hop) => hop.includes('/sso/idp/callback'))!);
    callback.pathname = `/sso/${second.slug}/callback`;

    const mixedUp = await browser.get(callback.toString());
    expect(mixedUp.status).toBe(400);
    expect(await mixedUp.text()).toContain('SSO_STATE_INVALID');
    expect(mixedUp.headers.getSetCookie().some((c) => c.startsWith('sesame_session='))).toBe(false);
    expect(await identities(victim.sub)).toEqual([]);
  });

  it('never opens an account whose email reached the directory unverified, even for a verified email later', async () => {
    // Mallory signs in at the first provider with Victor's address, unverified: her account holds it.
    const mallory = person(f, { username: 'mallory', email: 'victor@example.com', emailVerified: false });
    f.idp.autoLogin = mallory.username;
    const first = await f.login(new TestBrowser(), mallory.username);
    expect(first.status).toBe(302);
    const [held] = await f.sesame.db.query<{ id: string; email_verified: boolean }>(
      `SELECT id, email_verified FROM users WHERE username = 'mallory'`,
    );
    expect(held).toMatchObject({ email_verified: false });

    // Victor signs in at the second provider, which matches by (verified) email.
    await adminJson(f, `/api/admin/providers/${second.id}/user-mapping`, {
      method: 'PUT',
      body: { ...USER_MAPPING_DEFAULTS, matchBy: 'email' },
    });
    const victor = person(f, { username: 'victor', sub: 'sub-victor', email: 'victor@example.com', emailVerified: true });
    const browser = new TestBrowser();
    const second_ = await f.login(browser, victor.username, { slug: second.slug });
    expect(second_.status).toBeGreaterThanOrEqual(400);
    expect(browser.cookie(f.url, 'sesame_session')).toBeUndefined();
    expect((await identities(victor.sub)).filter((link) => link.user_id === held!.id)).toEqual([]);
    expect(await identities(victor.sub)).toEqual([]);
  });
});
