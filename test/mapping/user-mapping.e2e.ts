import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { startSsoFixture, type SsoFixture } from '../support/sso-fixture.js';
import {
  adminJson,
  claimsOf,
  createLocalUser,
  eventually,
  expectRefused,
  linkedUserId,
  me,
  person,
  setGroupMapping,
  setUserMapping,
  signIn,
  storedUser,
} from './mapping-fixture.js';

describe('user profile mapping through a real login', () => {
  let f: SsoFixture;
  beforeAll(async () => {
    f = await startSsoFixture({ users: [] });
  });
  afterAll(() => f?.close());
  beforeEach(async () => {
    await setUserMapping(f);
    await setGroupMapping(f);
  });

  const countUsers = async (username: string) =>
    (await f.sesame.db.query(`SELECT 1 FROM users WHERE lower(username) = lower($1)`, [username])).length;

  it('the mapping API answers the preset defaults, and stores what is put', async () => {
    const current = await adminJson(f, `/api/admin/providers/${f.provider.id}/user-mapping`);
    expect(current).toMatchObject({ usernameAttribute: 'preferred_username', matchBy: 'username', allowUserCreation: true });
    await setUserMapping(f, { matchBy: 'email', trustEmail: true });
    expect(await adminJson(f, `/api/admin/providers/${f.provider.id}/user-mapping`)).toMatchObject({ matchBy: 'email', trustEmail: true });
    const bad = await f.sesame.admin(`/api/admin/providers/${f.provider.id}/user-mapping`, {
      method: 'PUT',
      body: { ...current, matchBy: 'nickname' },
    });
    expect(bad.status).toBe(400);
  });

  it('links an existing local user by username (case-insensitively) and signs in to it', async () => {
    const localId = await createLocalUser(f, { username: 'Carol', email: 'carol@corp.example', firstName: 'Carol' });
    const carol = person(f, { username: 'carol', email: 'carol@example.com' });
    const login = await signIn(f, 'carol');
    expect(login.status).toBe(302);
    expect(await linkedUserId(f, carol.sub)).toBe(localId);
    expect(await countUsers('carol')).toBe(1);
    expect((await me(f, login.browser)).body).toMatchObject({ id: localId });
  });

  describe('match by email', () => {
    beforeEach(() => setUserMapping(f, { matchBy: 'email' }));

    it('links a local user whose email the provider verified', async () => {
      const localId = await createLocalUser(f, { username: 'dan.local', email: 'Dan@Example.com' });
      const dan = person(f, { username: 'dan', email: 'dan@example.com', emailVerified: true });
      const login = await signIn(f, 'dan');
      expect(login.status).toBe(302);
      expect(await linkedUserId(f, dan.sub)).toBe(localId);
      expect((await me(f, login.browser)).body).toMatchObject({ id: localId });
      // The same address in another case is not a change.
      expect(await storedUser(f, 'dan.local')).toMatchObject({ id: localId, username: 'dan.local', email: 'Dan@Example.com' });
    });

    it('refuses an unverified email that matches a local user, then links it once the mapping trusts the email', async () => {
      const localId = await createLocalUser(f, { username: 'erin.local', email: 'erin@example.com' });
      const erin = person(f, { username: 'erin', emailVerified: false });
      await expectRefused(f, 'erin', 403, 'SSO_EMAIL_NOT_VERIFIED');
      expect(await linkedUserId(f, erin.sub)).toBeUndefined();
      expect(await countUsers('erin')).toBe(0);

      await setUserMapping(f, { matchBy: 'email', trustEmail: true });
      const login = await signIn(f, 'erin');
      expect(login.status).toBe(302);
      expect(await linkedUserId(f, erin.sub)).toBe(localId);
    });

    it('needs the email: without it the login names the attribute and lists what was sent', async () => {
      person(f, { username: 'nomail', email: '' });
      const refused = await expectRefused(f, 'nomail', 403, 'SSO_ATTRIBUTE_MISSING');
      expect(refused.body).toContain('&#34;email&#34;');
      expect(refused.body).toMatch(/It sent: [^<]*preferred_username/);
    });
  });

  it('refuses a missing username attribute, naming the claim path and listing what the provider sent', async () => {
    await setUserMapping(f, { usernameAttribute: 'custom_attributes.Login' });
    person(f, { username: 'gail' });
    const refused = await expectRefused(f, 'gail', 403, 'SSO_ATTRIBUTE_MISSING');
    expect(refused.body).toContain('custom_attributes.Login');
    for (const sent of ['email', 'groups', 'preferred_username', 'sub'])
      expect(refused.body).toMatch(new RegExp(`It sent: [^<]*\\b${sent}\\b`));
    expect(await countUsers('gail')).toBe(0);
    const audit = await eventually(async () => {
      const rows = await f.sesame.db.query<{ code: string; details: Record<string, unknown> }>(
        `SELECT code, details FROM audit_events WHERE type = 'login' AND outcome = 'failure' AND details->>'claimPath' = 'custom_attributes.Login'`,
      );
      return rows[0];
    });
    expect(audit).toMatchObject({
      code: 'SSO_ATTRIBUTE_MISSING',
      details: { attribute: 'usernameAttribute', claimPath: 'custom_attributes.Login' },
    });
  });

  it('reads the username from a nested attribute path', async () => {
    await setUserMapping(f, { usernameAttribute: 'custom_attributes.Login', displayNameAttribute: 'custom_attributes.Display' });
    const hugo = person(f, { username: 'hugo', extra: { custom_attributes: { Login: 'HUGO01', Display: 'Hugo from R&D' } } });
    const login = await signIn(f, 'hugo');
    expect(login.status).toBe(302);
    expect(await storedUser(f, 'HUGO01')).toMatchObject({ username: 'HUGO01', display_name: 'Hugo from R&D' });
    expect(await linkedUserId(f, hugo.sub)).toBe((await storedUser(f, 'HUGO01'))!.id);
  });

  it('in a read-only directory a login never changes the profile; with updates on it does', async () => {
    person(f, { username: 'ivan', givenName: 'Ivan', familyName: 'Ivanov', email: 'ivan@example.com' });
    expect((await signIn(f, 'ivan')).status).toBe(302);
    const created = (await storedUser(f, 'ivan'))!;
    expect(created).toMatchObject({ first_name: 'Ivan', last_name: 'Ivanov', display_name: 'Ivan Ivanov' });

    await setUserMapping(f, { updateProfileOnLogin: false });
    person(f, { username: 'ivan', givenName: 'Johnny', familyName: 'Ivanov', email: 'johnny@example.com' });
    const readOnly = await signIn(f, 'ivan');
    expect(readOnly.status).toBe(302);
    expect(await storedUser(f, 'ivan')).toEqual(created);
    expect((await me(f, readOnly.browser)).body).toMatchObject({ email: 'ivan@example.com', displayName: 'Ivan Ivanov' });

    await setUserMapping(f, { updateProfileOnLogin: true });
    const synced = await signIn(f, 'ivan');
    expect(synced.status).toBe(302);
    expect(await storedUser(f, 'ivan')).toMatchObject({
      id: created.id,
      first_name: 'Johnny',
      email: 'johnny@example.com',
      display_name: 'Johnny Ivanov',
    });
  });

  it('a profile change reaches sessions that are already signed in', async () => {
    person(f, { username: 'judy', givenName: 'Judy', familyName: 'Old' });
    const first = await signIn(f, 'judy');
    expect((await me(f, first.browser)).body).toMatchObject({ displayName: 'Judy Old' });
    person(f, { username: 'judy', givenName: 'Judy', familyName: 'New' });
    expect((await signIn(f, 'judy')).status).toBe(302);
    expect((await me(f, first.browser)).body).toMatchObject({ displayName: 'Judy New' });
  });

  it('with creation disabled a new person gets the 403 page and nothing is written', async () => {
    await setUserMapping(f, { allowUserCreation: false });
    const kim = person(f, { username: 'kim' });
    const sessionsBefore = await f.sesame.db.query(`SELECT id FROM sessions`);
    const refused = await expectRefused(f, 'kim', 403, 'SSO_USER_CREATION_DISABLED');
    expect(refused.body).toContain('<html');
    expect(await countUsers('kim')).toBe(0);
    expect(await linkedUserId(f, kim.sub)).toBeUndefined();
    expect(await f.sesame.db.query(`SELECT id FROM sessions`)).toHaveLength(sessionsBefore.length);

    // An existing local account still signs in: creation is all that is off.
    const localId = await createLocalUser(f, { username: 'kim' });
    expect((await signIn(f, 'kim')).status).toBe(302);
    expect(await linkedUserId(f, kim.sub)).toBe(localId);
  });

  it('refuses a new person whose username an unrelated local user has', async () => {
    await setUserMapping(f, { matchBy: 'email' });
    await createLocalUser(f, { username: 'leo', email: 'leo@corp.example' });
    const leo = person(f, { username: 'leo', email: 'leo@example.com' });
    await expectRefused(f, 'leo', 409, 'SSO_USERNAME_CONFLICT');
    expect(await linkedUserId(f, leo.sub)).toBeUndefined();
    expect(await storedUser(f, 'leo')).toMatchObject({ email: 'leo@corp.example' });
  });

  it('never takes over a local user already linked to another identity of the same provider', async () => {
    person(f, { username: 'mia', sub: 'sub-mia-1' });
    expect((await signIn(f, 'mia')).status).toBe(302);
    const mia = (await storedUser(f, 'mia'))!;
    // Another person at the provider now calls themself mia.
    f.idp.users.splice(
      f.idp.users.findIndex((u) => u.username === 'mia'),
      1,
    );
    person(f, { username: 'mia', sub: 'sub-mia-2', email: 'mia2@example.com' });
    await expectRefused(f, 'mia', 409, 'SSO_USERNAME_CONFLICT');
    expect(await linkedUserId(f, 'sub-mia-2')).toBeUndefined();
    expect(await linkedUserId(f, 'sub-mia-1')).toBe(mia.id);
  });

  it('keeps the account and its username when a person is renamed at the provider; renames only when the mapping says so', async () => {
    const nora = person(f, { username: 'nora' });
    expect((await signIn(f, 'nora')).status).toBe(302);
    const before = (await storedUser(f, 'nora'))!;
    person(f, { ...nora, username: 'nora.smith', email: 'nora.smith@example.com' });
    f.idp.users.splice(
      f.idp.users.findIndex((u) => u.username === 'nora'),
      1,
    );
    const login = await signIn(f, 'nora.smith');
    expect(login.status).toBe(302);
    expect(await storedUser(f, 'nora')).toMatchObject({ id: before.id, username: 'nora', email: 'nora.smith@example.com' });
    expect((await me(f, login.browser)).body).toMatchObject({ id: before.id, username: 'nora' });
    expect(await countUsers('nora.smith')).toBe(0);

    await setUserMapping(f, { updateUsernameOnLogin: true });
    expect(await adminJson(f, `/api/admin/providers/${f.provider.id}/user-mapping`)).toMatchObject({ updateUsernameOnLogin: true });
    expect((await signIn(f, 'nora.smith')).status).toBe(302);
    expect(await storedUser(f, 'nora.smith')).toMatchObject({ id: before.id, username: 'nora.smith' });
    expect(await countUsers('nora')).toBe(0);
  });

  it('an account found by verified email keeps its username, on the first login and every later one, and the preview says so', async () => {
    await setUserMapping(f, { matchBy: 'email' });
    const localId = await createLocalUser(f, { username: 'omar.local', email: 'omar@example.com' });
    const omar = person(f, { username: 'omar', email: 'omar@example.com', givenName: 'Omar' });
    const preview = await adminJson<{ user: { action: string; username: string } }>(f, '/api/admin/mapping-preview', {
      method: 'POST',
      body: { providerId: f.provider.id, claims: claimsOf(omar) },
    });
    expect(preview.user).toMatchObject({ action: 'use', username: 'omar.local' });

    for (const _login of [1, 2]) {
      const login = await signIn(f, 'omar');
      expect(login.status).toBe(302);
      expect(await linkedUserId(f, omar.sub)).toBe(localId);
      expect(await storedUser(f, 'omar.local')).toMatchObject({ id: localId, first_name: 'Omar' });
      expect(await countUsers('omar')).toBe(0);
      // What applications behind forward-auth see.
      const check = await login.browser.get(`${f.url}/auth/check`);
      expect({ status: check.status, user: check.headers.get('x-auth-request-user') }).toEqual({ status: 200, user: 'omar.local' });
    }
  });

  it('a stored mapping written before updateUsernameOnLogin existed keeps usernames', async () => {
    const pia = person(f, { username: 'pia' });
    expect((await signIn(f, 'pia')).status).toBe(302);
    const {
      updateUsernameOnLogin: _u,
      relinkOnSubjectChange: _r,
      ...older
    } = await adminJson<Record<string, unknown>>(f, `/api/admin/providers/${f.provider.id}/user-mapping`);
    await f.sesame.db.query(`UPDATE user_mappings SET mapping = $2 WHERE provider_id = $1`, [f.provider.id, JSON.stringify(older)]);
    // Any provider change makes every instance read its mappings again.
    await adminJson(f, `/api/admin/providers/${f.provider.id}`, { method: 'PATCH', body: { displayName: 'Test IdP' } });
    expect(await adminJson(f, `/api/admin/providers/${f.provider.id}/user-mapping`)).toMatchObject({
      updateProfileOnLogin: true,
      updateUsernameOnLogin: false,
      relinkOnSubjectChange: 'off',
    });
    person(f, { ...pia, username: 'pia.renamed' });
    f.idp.users.splice(
      f.idp.users.findIndex((u) => u.username === 'pia'),
      1,
    );
    expect((await signIn(f, 'pia.renamed')).status).toBe(302);
    expect(await storedUser(f, 'pia')).toMatchObject({ username: 'pia' });
    expect(await countUsers('pia.renamed')).toBe(0);
  });
});
