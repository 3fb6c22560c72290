import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { startSsoFixture, type SsoFixture } from '../support/sso-fixture.js';
import { TestBrowser } from '../support/browser.js';
import {
  adminJson,
  eventually,
  expectRefused,
  me,
  person,
  registerSecondProvider,
  setGroupMapping,
  setUserMapping,
  signIn,
  storedUser,
  type Json,
} from './mapping-fixture.js';

interface Link {
  id: string;
  providerId: string;
  providerSlug: string;
  providerDisplayName: string;
  subject: string;
  linkedAt: string;
  lastLoginAt: string;
}

describe("a user's identity links, and a provider rebuilt with new subjects", () => {
  let f: SsoFixture;
  /** A second provider registration at the same identity provider (slug idp-oauth2, whose callback the client allows). */
  let other: { id: string; slug: string };
  beforeAll(async () => {
    f = await startSsoFixture({ users: [] });
    other = await registerSecondProvider(f, 'Other IdP');
  });
  afterAll(() => f?.close());
  beforeEach(async () => {
    await setUserMapping(f);
    await setGroupMapping(f);
  });

  const links = (userId: string) => adminJson<Link[]>(f, `/api/admin/users/${userId}/identities`);
  const subjectsOf = async (userId: string) => (await links(userId)).map((l) => `${l.providerSlug}:${l.subject}`).sort();

  /** The provider was rebuilt: the same person (username, email) comes back with another `sub`. */
  function rebuild(username: string, sub: string, changes: Json = {}): void {
    const index = f.idp.users.findIndex((u) => u.username === username);
    person(f, { ...f.idp.users[index]!, sub, ...changes });
  }

  it('lists the links with provider, subject, linked at and last login, never a token; read scope may list, not remove', async () => {
    person(f, { username: 'lina' });
    const login = await signIn(f, 'lina');
    expect(login.status).toBe(302);
    const lina = (await storedUser(f, 'lina'))!;
    const list = await links(lina.id);
    expect(list).toEqual([
      {
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        providerId: f.provider.id,
        providerSlug: 'idp',
        providerDisplayName: 'Test IdP',
        subject: 'sub-lina',
        linkedAt: expect.any(String),
        lastLoginAt: expect.any(String),
      },
    ]);

    const { token } = await adminJson<{ token: string }>(f, '/api/admin/api-tokens', {
      method: 'POST',
      body: { name: 'reader', scope: 'read' },
    });
    expect((await f.sesame.admin(`/api/admin/users/${lina.id}/identities`, { token })).status).toBe(200);
    const refused = await f.sesame.admin(`/api/admin/users/${lina.id}/identities/${list[0]!.id}`, { method: 'DELETE', token });
    expect(refused.status).toBe(403);
    expect(await links(lina.id)).toHaveLength(1);

    expect((await f.sesame.admin(`/api/admin/users/00000000-0000-4000-8000-000000000000/identities`)).status).toBe(404);
    const unknownLink = await f.sesame.admin(`/api/admin/users/${lina.id}/identities/00000000-0000-4000-8000-000000000000`, {
      method: 'DELETE',
    });
    expect(unknownLink.status).toBe(404);

    const doc = (await (await fetch(`${f.url}/api/docs-json`)).json()) as { paths: Record<string, Record<string, unknown>> };
    expect(Object.keys(doc.paths['/api/admin/users/{id}/identities'] ?? {})).toEqual(['get']);
    expect(Object.keys(doc.paths['/api/admin/users/{id}/identities/{identityId}'] ?? {})).toEqual(['delete']);
  });

  it('removing a link is audited and ends its sessions; the next login links again by matchBy, to the same account', async () => {
    person(f, { username: 'moss' });
    const first = await signIn(f, 'moss');
    const moss = (await storedUser(f, 'moss'))!;
    const [link] = await links(moss.id);
    expect((await me(f, first.browser)).status).toBe(200);

    const removed = await f.sesame.admin(`/api/admin/users/${moss.id}/identities/${link!.id}`, { method: 'DELETE' });
    expect(removed.status).toBe(204);
    expect(await links(moss.id)).toEqual([]);
    expect((await me(f, first.browser)).status).toBe(401);
    const audit = await eventually(async () => {
      const rows = await f.sesame.db.query<{ action: string; details: Json }>(
        `SELECT details FROM audit_events WHERE type = 'admin_change' AND details->>'entity' = 'identity_link' AND details->>'entityId' = $1`,
        [link!.id],
      );
      return rows[0];
    });
    expect(JSON.stringify(audit)).toContain('sub-moss');

    const again = await signIn(f, 'moss');
    expect(again.status).toBe(302);
    expect((await me(f, again.browser)).body).toMatchObject({ id: moss.id });
    const relinked = await links(moss.id);
    expect(relinked.map((l) => l.subject)).toEqual(['sub-moss']);
    expect(relinked[0]!.id).not.toBe(link!.id);
  });

  it('a rebuilt provider (same person, new sub) is refused by default with SSO_USERNAME_CONFLICT', async () => {
    person(f, { username: 'nell', sub: 'sub-nell-1' });
    expect((await signIn(f, 'nell')).status).toBe(302);
    const nell = (await storedUser(f, 'nell'))!;
    rebuild('nell', 'sub-nell-2');
    await expectRefused(f, 'nell', 409, 'SSO_USERNAME_CONFLICT');
    expect(await subjectsOf(nell.id)).toEqual(['idp:sub-nell-1']);
  });

  it('with relinkOnSubjectChange "verified-email" the same account gets the new link, the old one is gone, and the login audit says so', async () => {
    person(f, { username: 'olive', sub: 'sub-olive-1' });
    expect((await signIn(f, 'olive')).status).toBe(302);
    const olive = (await storedUser(f, 'olive'))!;
    rebuild('olive', 'sub-olive-2');
    await setUserMapping(f, { relinkOnSubjectChange: 'verified-email' });
    const login = await signIn(f, 'olive');
    expect(login.status).toBe(302);
    expect((await me(f, login.browser)).body).toMatchObject({ id: olive.id, username: 'olive' });
    expect(await subjectsOf(olive.id)).toEqual(['idp:sub-olive-2']);
    expect(await f.sesame.db.query(`SELECT 1 FROM users WHERE lower(username) LIKE 'olive%'`)).toHaveLength(1);
    const audit = await eventually(async () => {
      const rows = await f.sesame.db.query<{ details: Json }>(
        `SELECT details FROM audit_events WHERE type = 'login' AND outcome = 'success' AND user_id = $1 AND details->>'accountRule' LIKE 're-linked%'`,
        [olive.id],
      );
      return rows[0];
    });
    expect(audit?.details).toMatchObject({ replacedLinks: ['sub-olive-1'], accountRule: expect.stringContaining('verified-email') });
  });

  it('never re-links by an unverified email', async () => {
    person(f, { username: 'pearl', sub: 'sub-pearl-1' });
    expect((await signIn(f, 'pearl')).status).toBe(302);
    const pearl = (await storedUser(f, 'pearl'))!;
    rebuild('pearl', 'sub-pearl-2', { emailVerified: false });
    await setUserMapping(f, { relinkOnSubjectChange: 'verified-email' });
    await expectRefused(f, 'pearl', 409, 'SSO_USERNAME_CONFLICT');
    expect(await subjectsOf(pearl.id)).toEqual(['idp:sub-pearl-1']);
  });

  it('with relinkOnSubjectChange "username" the account found by username is re-linked', async () => {
    person(f, { username: 'quinn', sub: 'sub-quinn-1' });
    expect((await signIn(f, 'quinn')).status).toBe(302);
    const quinn = (await storedUser(f, 'quinn'))!;
    rebuild('quinn', 'sub-quinn-2', { email: 'quinn.new@example.com', emailVerified: false });
    await setUserMapping(f, { relinkOnSubjectChange: 'username' });
    const login = await signIn(f, 'quinn');
    expect(login.status).toBe(302);
    expect((await me(f, login.browser)).body).toMatchObject({ id: quinn.id });
    expect(await subjectsOf(quinn.id)).toEqual(['idp:sub-quinn-2']);
  });

  it("never re-links across providers: another provider's link stays, and this provider's link is added beside it", async () => {
    person(f, { username: 'rory', sub: 'sub-rory-1' });
    f.idp.autoLogin = 'rory';
    const viaOther = await f.login(new TestBrowser(), 'rory', { slug: other.slug });
    expect(viaOther.status).toBe(302);
    const rory = (await storedUser(f, 'rory'))!;
    rebuild('rory', 'sub-rory-2');
    await setUserMapping(f, { relinkOnSubjectChange: 'verified-email' });
    const login = await signIn(f, 'rory');
    expect(login.status).toBe(302);
    expect(await subjectsOf(rory.id)).toEqual(['idp-oauth2:sub-rory-1', 'idp:sub-rory-2']);
  });
});
