import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { TestBrowser } from '../support/browser.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { startTestSesame, TEST_ADMIN_TOKEN, type TestSesame } from '../support/test-sesame.js';

type Json = Record<string, any>;
const INTRANET = 'https://intranet.example.com';

/** postLogoutUrl follows the rule of return URLs: checked when saved, and a stored value that no longer fits is reported. */
describe('post-logout URL', () => {
  let db: TestDatabase;
  let sesame: TestSesame | undefined;

  beforeAll(async () => {
    db = await createTestDatabase();
    sesame = await startTestSesame({ db, env: { SESAME_ALLOWED_RETURN_ORIGINS: INTRANET } });
  });
  afterAll(async () => {
    await sesame?.close();
    await db?.stop();
  });

  const lookAndFeel = async () => (await (await sesame!.admin('/api/admin/look-and-feel')).json()) as Json;
  const put = async (postLogoutUrl: string | null) =>
    sesame!.admin('/api/admin/look-and-feel', { method: 'PUT', body: { ...(await lookAndFeel()), postLogoutUrl } });

  it.each([
    'https://evil.example.net/phish',
    `${INTRANET}.evil.example/`,
    'http://intranet.example.com/',
    'https://user@intranet.example.com/',
  ])('refuses %s with 422 naming the field and the rule, and saves nothing', async (url) => {
    const response = await put(url);
    expect(response.status).toBe(422);
    const body = (await response.json()) as Json;
    expect(body).toMatchObject({ code: 'UNPROCESSABLE', field: 'postLogoutUrl' });
    expect(body.errors).toEqual([{ field: 'postLogoutUrl', reason: expect.stringContaining('SESAME_ALLOWED_RETURN_ORIGINS') }]);
    expect(body.message).toMatch(/^postLogoutUrl: must be a path on this site/);
    expect((await lookAndFeel()).postLogoutUrl).toBeNull();
  });

  it('refuses it in a configuration import too, with its path', async () => {
    const response = await fetch(`${sesame!.url}/api/admin/config/import`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        format: 'sesame-config',
        version: 1,
        providers: [],
        lookAndFeel: { ...(await lookAndFeel()), postLogoutUrl: 'https://evil.example.net/phish' },
      }),
    });
    expect(response.status).toBe(422);
    expect(((await response.json()) as Json).errors).toEqual([
      { field: 'lookAndFeel.postLogoutUrl', reason: expect.stringContaining('SESAME_ALLOWED_RETURN_ORIGINS') },
    ]);
  });

  it('accepts a path on this site and a URL on an allow-listed origin, and follows it at logout', async () => {
    expect((await put('/goodbye')).status).toBe(200);
    expect((await put(`${INTRANET}/signed-out?from=sesame`)).status).toBe(200);
    const logout = await new TestBrowser().get(`${sesame!.url}/logout`, { 'sec-fetch-site': 'same-origin' });
    expect(logout.status).toBe(302);
    expect(logout.headers.get('location')).toBe(`${INTRANET}/signed-out?from=sesame`);
  });

  it('at logout, shows the logout page and logs a warning when the allow-list no longer has the stored origin', async () => {
    await sesame!.close();
    sesame = await startTestSesame({ db });
    const logout = await new TestBrowser().get(`${sesame.url}/logout`, { 'sec-fetch-site': 'same-origin' });
    expect(logout.status).toBe(200);
    expect(await logout.text()).toMatch(/signed out/i);
    const warning = sesame.logs.find((line) => String(line.msg).startsWith('post-logout URL refused'));
    expect(warning).toMatchObject({ level: expect.anything(), postLogoutUrl: `${INTRANET}/signed-out?from=sesame` });
  });
});
