import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { TestBrowser } from '../support/browser.js';
import { startSsoFixture, type SsoFixture } from '../support/sso-fixture.js';
import { TEST_ADMIN_TOKEN } from '../support/test-sesame.js';
import { mapProviderGroups } from '../session/session-helpers.js';
import { entraUser, filter, patchOp, scimClient, scimToken, SCIM_TYPE, type ScimClient } from './scim-client.js';

/** Entra ID's provisioning requests, in the order its documentation lists them, against a real Sesame. */
describe('SCIM: Entra ID and Okta provisioning sequences', () => {
  let f: SsoFixture;
  let scim: ScimClient;
  let token: string;
  beforeAll(async () => {
    f = await startSsoFixture();
    await mapProviderGroups(f.sesame, f.provider.id);
    token = await scimToken(f.sesame, f.provider.id);
    scim = scimClient(f.sesame, f.provider.slug, token);
  });
  afterAll(async () => {
    await f?.close();
  });

  const directoryUser = async (username: string) => {
    const rows: {
      id: string;
      username: string;
      email: string | null;
      first_name: string | null;
      last_name: string | null;
      active: boolean;
    }[] = await f.sesame.db.query(
      `SELECT id, username, email, first_name, last_name, active FROM users WHERE lower(username) = lower($1)`,
      [username],
    );
    return rows;
  };

  it('the token opens only its provider, is not an admin token, and a new one replaces it', async () => {
    expect(token).toMatch(/^scim_[A-Za-z0-9_-]{43}$/);
    expect((await scim.get('/ServiceProviderConfig')).status).toBe(200);
    const asAdmin = await fetch(`${f.url}/api/admin/providers`, { headers: { authorization: `Bearer ${token}` } });
    expect(asAdmin.status).toBe(401);
    const adminAsScim = await scimClient(f.sesame, f.provider.slug, TEST_ADMIN_TOKEN).get('/Users');
    expect(adminAsScim.status).toBe(401);
    expect(adminAsScim.headers.get('content-type')).toContain(SCIM_TYPE);
    expect(adminAsScim.body).toEqual({
      schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'],
      status: '401',
      detail: expect.stringContaining('SCIM token'),
    });
    expect((await scimClient(f.sesame, 'other-slug', token).get('/Users')).status).toBe(401);
    const stored: { token_hash: Buffer }[] = await f.sesame.db.query(`SELECT token_hash FROM scim_tokens`);
    expect(stored).toHaveLength(1);
    expect(stored[0]!.token_hash.toString('utf8')).not.toContain(token.slice(5, 15));

    const next = await scimToken(f.sesame, f.provider.id);
    expect(next).not.toBe(token);
    expect((await scim.get('/Users')).status).toBe(401);
    token = next;
    scim = scimClient(f.sesame, f.provider.slug, token);
    expect((await scim.get('/Users')).status).toBe(200);
    const audit = (await (await f.sesame.admin('/api/admin/audit-events?type=admin_change')).json()) as {
      items: { details: Record<string, unknown> }[];
    };
    expect(JSON.stringify(audit)).toContain('scim_token');
    expect(JSON.stringify(audit)).not.toContain(next);
    expect(f.sesame.logText()).not.toContain(next);
  });

  it('Entra ID: query, create with externalId, query again, update, disable with "False", delete', async () => {
    const userName = 'Test_User_ab6490ee@example.com';
    const none = await scim.get(`/Users${filter(`userName eq "${userName}"`)}`);
    expect(none.status).toBe(200);
    expect(none.body).toMatchObject({ schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'], totalResults: 0, Resources: [] });

    const created = await scim.post('/Users', entraUser(userName, '0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef'));
    expect(created.status).toBe(201);
    expect(created.headers.get('content-type')).toContain(SCIM_TYPE);
    const id = created.body.id as string;
    expect(created.headers.get('location')).toBe(`${f.url}/scim/v2/${f.provider.slug}/Users/${id}`);
    expect(created.headers.get('etag')).toBe('W/"1"');
    expect(created.body).toMatchObject({
      userName,
      externalId: '0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef',
      active: true,
      meta: { resourceType: 'User', version: 'W/"1"' },
    });
    expect(await directoryUser(userName)).toEqual([
      { id, username: userName, email: userName.toLowerCase(), first_name: 'givenName', last_name: 'familyName', active: true },
    ]);

    for (const expression of [
      `userName eq "${userName.toUpperCase()}"`,
      'externalId eq "0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef"',
      `emails[type eq "work"].value eq "${userName}"`,
    ]) {
      const found = await scim.get(`/Users${filter(expression)}`);
      expect([expression, found.body.totalResults, found.body.Resources?.[0]?.id]).toEqual([expression, 1, id]);
    }
    expect((await scim.get(`/Users${filter('externalId eq "0A21F0F2-8D2A-4F8E-BF98-7363C4AED4EF"')}`)).body.totalResults).toBe(0);

    const updated = await scim.patch(
      `/Users/${id}`,
      patchOp(
        { op: 'Replace', path: 'emails[type eq "work"].value', value: 'updatedEmail@example.com' },
        { op: 'Replace', path: 'name.familyName', value: 'updatedFamilyName' },
        { op: 'Add', path: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department', value: 'Sales' },
      ),
    );
    expect(updated.status).toBe(200);
    expect(updated.body.emails).toEqual([{ primary: true, type: 'work', value: 'updatedemail@example.com' }]);
    expect(updated.body.meta.version).toBe('W/"2"');
    expect((await directoryUser(userName))[0]).toMatchObject({ email: 'updatedemail@example.com', last_name: 'updatedFamilyName' });

    const disabled = await scim.patch(`/Users/${id}`, patchOp({ op: 'Replace', path: 'active', value: 'False' }));
    expect(disabled.status).toBe(200);
    expect(disabled.body.active).toBe(false);
    expect((await directoryUser(userName))[0]!.active).toBe(false);
    const enabled = await scim.patch(`/Users/${id}`, patchOp({ op: 'replace', value: { active: 'True' } }));
    expect(enabled.body.active).toBe(true);

    expect((await scim.delete(`/Users/${id}`)).status).toBe(204);
    expect((await scim.get(`/Users/${id}`)).status).toBe(404);
    expect((await directoryUser(userName))[0]!.active).toBe(false);

    const events = (await (await f.sesame.admin(`/api/admin/audit-events?type=scim&limit=100`)).json()) as {
      items: { outcome: string; details: { method: string } }[];
    };
    expect(events.items.filter((e) => e.details.method === 'PATCH')).toHaveLength(3);
  });

  it('Entra ID groups: create, query without members, add a member, rename, remove with a value list, delete', async () => {
    const user = (await scim.post('/Users', entraUser('member.one@example.com', 'ext-member-one'))).body;
    const created = await scim.post('/Groups', {
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group', 'http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group'],
      externalId: '8aa1a0c0-c4c3-4bc0-b4a5-2ef676900159',
      displayName: 'Engineering',
      meta: { resourceType: 'Group' },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ displayName: 'Engineering', members: [] });
    const group = created.body.id as string;
    const listed = await scim.get(`/Groups?excludedAttributes=members&filter=${encodeURIComponent('displayName eq "engineering"')}`);
    expect(listed.body.totalResults).toBe(1);
    expect(listed.body.Resources[0]).not.toHaveProperty('members');

    const added = await scim.patch(`/Groups/${group}`, patchOp({ op: 'Add', path: 'members', value: [{ $ref: null, value: user.id }] }));
    expect(added.status).toBe(204);
    const groupsOf = async () =>
      ((await (await f.sesame.admin(`/api/admin/users/${user.id}`)).json()) as { groups: { name: string; origin: string }[] }).groups;
    expect(await groupsOf()).toEqual([{ id: expect.any(String), name: 'Engineering', origin: 'scim' }]);

    expect((await scim.patch(`/Groups/${group}`, patchOp({ op: 'Replace', path: 'displayName', value: 'Platform' }))).status).toBe(204);
    expect((await groupsOf()).map((g) => g.name)).toEqual(['Platform']);

    const withMember = await scim.get(`/Groups/${group}`);
    expect(withMember.body.members).toEqual([
      { value: user.id, display: 'member.one@example.com', $ref: expect.stringContaining(`/Users/${user.id}`) },
    ]);
    expect((await scim.get(`/Groups${filter(`members[value eq "${user.id}"]`)}`)).body.totalResults).toBe(1);

    expect(
      (await scim.patch(`/Groups/${group}`, patchOp({ op: 'Remove', path: 'members', value: [{ $ref: null, value: user.id }] }))).status,
    ).toBe(204);
    expect(await groupsOf()).toEqual([]);
    expect((await scim.delete(`/Groups/${group}`)).status).toBe(204);
    expect((await scim.get(`/Groups/${group}`)).status).toBe(404);
  });

  it('Okta: query with paging, create, replace with PUT, deactivate with a value-only replace; groups by members[value eq]', async () => {
    const none = await scim.get(`/Users${filter('userName eq "okta.user@example.com"')}&startIndex=1&count=100`);
    expect(none.body.totalResults).toBe(0);
    const created = await scim.post('/Users', {
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
      userName: 'okta.user@example.com',
      name: { givenName: 'Okta', familyName: 'User' },
      emails: [{ primary: true, value: 'okta.user@example.com', type: 'work' }],
      displayName: 'Okta User',
      locale: 'en-US',
      externalId: '00ujl29u0le5T6Aj10h7',
      groups: [],
      password: 'never-kept-1!',
      active: true,
    });
    expect(created.status).toBe(201);
    expect(JSON.stringify(created.body)).not.toContain('never-kept');
    const id = created.body.id as string;
    const replaced = await scim.put(`/Users/${id}`, { ...created.body, name: { givenName: 'Okta', familyName: 'Renamed' } });
    expect(replaced.status).toBe(200);
    expect(replaced.body.name).toEqual({ givenName: 'Okta', familyName: 'Renamed' });
    const group = (
      await scim.post('/Groups', { schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], displayName: 'Okta Sales', members: [] })
    ).body;
    expect(
      (
        await scim.patch(
          `/Groups/${group.id}`,
          patchOp({ op: 'add', path: 'members', value: [{ value: id, display: 'okta.user@example.com' }] }),
        )
      ).status,
    ).toBe(204);
    expect(
      (await scim.patch(`/Groups/${group.id}`, patchOp({ op: 'replace', value: { id: group.id, displayName: 'Okta Sales EMEA' } }))).status,
    ).toBe(204);
    expect((await scim.get(`/Groups/${group.id}`)).body).toMatchObject({ displayName: 'Okta Sales EMEA', members: [{ value: id }] });
    expect((await scim.patch(`/Groups/${group.id}`, patchOp({ op: 'remove', path: `members[value eq "${id}"]` }))).status).toBe(204);
    expect((await scim.get(`/Groups/${group.id}`)).body.members).toEqual([]);
    const deactivated = await scim.patch(`/Users/${id}`, patchOp({ op: 'replace', value: { active: false } }));
    expect(deactivated.body.active).toBe(false);
    const paged = await scim.get('/Users?startIndex=2&count=1');
    expect(paged.body).toMatchObject({ startIndex: 2, itemsPerPage: 1 });
    // member.one and this user: the deleted Entra user is no SCIM User any more.
    expect(paged.body.totalResults).toBe(2);
    expect(paged.body.Resources.map((r: { id: string }) => r.id)).toEqual([id]);
  });

  it('an If-Match naming an old version is refused with 412, the current one applies', async () => {
    const user = (await scim.post('/Users', entraUser('etag.user@example.com', 'ext-etag'))).body;
    const stale = await scim.patch(`/Users/${user.id}`, patchOp({ op: 'replace', path: 'displayName', value: 'X' }), {
      'if-match': 'W/"7"',
    });
    expect(stale.status).toBe(412);
    const fresh = await scim.patch(`/Users/${user.id}`, patchOp({ op: 'replace', path: 'displayName', value: 'X' }), {
      'if-match': user.meta.version,
    });
    expect(fresh.status).toBe(200);
  });

  it('SCIM first, then the first SSO login finds the SCIM user by externalId: one account', async () => {
    const created = await scim.post(
      '/Users',
      entraUser('bob', 'demo-bob', { emails: [{ primary: true, type: 'work', value: 'bob@example.com' }] }),
    );
    expect(created.status).toBe(201);
    const browser = new TestBrowser();
    const login = await f.login(browser, 'bob');
    expect(login.status).toBe(302);
    const users = await directoryUser('bob');
    expect(users.map((u) => u.id)).toEqual([created.body.id]);
  });

  it('SSO login first, then SCIM creates the same person: the existing account is adopted, not duplicated', async () => {
    const browser = new TestBrowser();
    await f.login(browser, 'alice');
    const [before] = await directoryUser('alice');
    const none = await scim.get(`/Users${filter('userName eq "alice"')}`);
    expect(none.body.totalResults).toBe(0);
    const created = await scim.post(
      '/Users',
      entraUser('alice', 'demo-alice', { emails: [{ primary: true, type: 'work', value: 'alice@example.com' }] }),
    );
    expect(created.status).toBe(201);
    expect(created.body.id).toBe(before!.id);
    expect((await directoryUser('alice')).map((u) => u.id)).toEqual([before!.id]);
    const again = await scim.post(
      '/Users',
      entraUser('alice', 'demo-alice', { emails: [{ primary: true, type: 'work', value: 'alice@example.com' }] }),
    );
    expect(again.status).toBe(409);
    expect(again.body.scimType).toBe('uniqueness');
  });
});
