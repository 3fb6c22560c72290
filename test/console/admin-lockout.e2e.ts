import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startSsoFixture, type SsoFixture } from '../support/sso-fixture.js';
import { patchOp, scimClient, scimToken, type ScimClient } from '../scim/scim-client.js';

type Json = Record<string, any>;

/**
 * The lock-out guard on every write that can take the last admin away: the admin API's user and
 * group writes (checked and written in one locked transaction, so two at once cannot both pass),
 * the sign-in setting adminGroups.admin, and SCIM (answered in the SCIM error schema).
 */
describe('the lock-out guard keeps an enabled member of adminGroups.admin', () => {
  let f: SsoFixture;
  let scim: ScimClient;
  const api = (path: string, method = 'GET', body?: unknown) => f.sesame.admin(path, { method, body });
  const json = async (path: string) => (await (await api(path)).json()) as Json;
  const ids: Record<string, string> = {};
  let admins: string;

  beforeAll(async () => {
    f = await startSsoFixture();
    const mappingPath = `/api/admin/providers/${f.provider.id}/group-mapping`;
    const mapping = await json(mappingPath);
    const onTheFly = {
      ...mapping,
      groupAttribute: 'not_sent',
      mode: 'on-the-fly',
      onTheFly: { ...mapping.onTheFly, createMissingGroups: true },
    };
    expect((await api(mappingPath, 'PUT', onTheFly)).status).toBe(200);
    scim = scimClient(f.sesame, f.provider.slug, await scimToken(f.sesame, f.provider.id));
    for (const username of ['ann', 'ben', 'cid']) {
      const created = await api('/api/admin/users', 'POST', { username });
      expect(created.status).toBe(201);
      ids[username] = ((await created.json()) as Json).id;
    }
    admins = ((await (await api('/api/admin/groups', 'POST', { name: 'Admins' })).json()) as Json).id;
    for (const user of ['ann', 'ben'])
      expect((await api(`/api/admin/groups/${admins}/members`, 'POST', { userId: ids[user] })).status).toBe(204);
    const settings = await json('/api/admin/sign-in-settings');
    expect(
      (await api('/api/admin/sign-in-settings', 'PUT', { ...settings, adminGroups: { admin: ['admins'], readOnly: [] } })).status,
    ).toBe(200);
  });
  afterAll(() => f?.close());

  const disable = (user: string, active = false) => api(`/api/admin/users/${ids[user]}`, 'PATCH', { active });
  const removeMember = (user: string) => api(`/api/admin/groups/${admins}/members/${ids[user]}`, 'DELETE');
  const enabledAdmins = async () => {
    const members = (await json(`/api/admin/groups/${admins}/members?limit=100`)).items as Json[];
    const users = await Promise.all(members.map((m) => json(`/api/admin/users/${m.userId}`)));
    return users.filter((u) => u.active).map((u) => u.username as string);
  };

  it('lets exactly one of two concurrent removals of the only two admins through (real HTTP, 20 rounds)', async () => {
    const started = Date.now();
    for (let round = 0; round < 20; round++) {
      // Alternate the kinds: two disablings, then a disabling against a membership removal.
      const second = round % 2 === 0 ? () => disable('ben') : () => removeMember('ben');
      const answers = await Promise.all([disable('ann'), second()]);
      // Either may win; exactly one does (PATCH answers 200, a membership removal 204).
      const outcomes = answers.map((a) => (a.status === 409 ? 'refused' : [200, 204].includes(a.status) ? 'done' : a.status)).sort();
      expect([round, outcomes]).toEqual([round, ['done', 'refused']]);
      const refusal = (await answers.find((a) => a.status === 409)!.json()) as Json;
      expect(refusal.code).toBe('LOCKOUT_GUARD');
      expect(await enabledAdmins()).toHaveLength(1);
      // Put both back for the next round.
      expect((await disable('ann', true)).status).toBe(200);
      expect((await disable('ben', true)).status).toBe(200);
      expect((await api(`/api/admin/groups/${admins}/members`, 'POST', { userId: ids.ben })).status).toBe(204);
      expect((await enabledAdmins()).sort()).toEqual(['ann', 'ben']);
    }
    expect(Date.now() - started).toBeLessThan(30_000);
  });

  it('refuses taking the last admin out of the group, deleting the group or renaming it, and says so', async () => {
    expect((await removeMember('ben')).status).toBe(204); // ann stays: allowed
    const removed = await removeMember('ann');
    expect(removed.status).toBe(409);
    expect(((await removed.json()) as Json).message).toMatch(
      /^Removing this member from the group would leave no enabled member of adminGroups.admin \(admins\).*nothing was changed/,
    );
    const deleted = await api(`/api/admin/groups/${admins}`, 'DELETE');
    expect(deleted.status).toBe(409);
    expect(((await deleted.json()) as Json).message).toMatch(/^Deleting this group would leave no enabled member/);
    const renamed = await api(`/api/admin/groups/${admins}`, 'PATCH', { name: 'Former admins' });
    expect(renamed.status).toBe(409);
    expect(((await renamed.json()) as Json).message).toMatch(/^Renaming this group would leave/);
    // A rename that still matches (names are compared case-insensitively) and a description change are fine.
    expect((await api(`/api/admin/groups/${admins}`, 'PATCH', { name: 'ADMINS', description: 'Console' })).status).toBe(200);
    expect(await enabledAdmins()).toEqual(['ann']);
    expect((await json(`/api/admin/groups/${admins}`)).name).toBe('ADMINS');
  });

  it('refuses pointing adminGroups.admin at groups no enabled user is in, and allows it once one is', async () => {
    const settings = await json('/api/admin/sign-in-settings');
    const moved = await api('/api/admin/sign-in-settings', 'PUT', { ...settings, adminGroups: { admin: ['ops'], readOnly: [] } });
    expect(moved.status).toBe(409);
    const refusal = (await moved.json()) as Json;
    expect(refusal.code).toBe('LOCKOUT_GUARD');
    expect(refusal.message).toMatch(/No enabled user is a member of adminGroups.admin \(ops\), so nobody could administer Sesame/);
    expect((await json('/api/admin/sign-in-settings')).adminGroups.admin).toEqual(['admins']);
  });

  describe('SCIM', () => {
    let scimAdmin: Json;
    let scimGroup: Json;
    const user = (userName: string) => ({ schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName, active: true });

    beforeAll(async () => {
      scimAdmin = (await scim.post('/Users', user('sam'))).body;
      scimGroup = (
        await scim.post('/Groups', {
          schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'],
          displayName: 'Scim Admins',
          members: [{ value: scimAdmin.id }],
        })
      ).body;
      expect(scimGroup.id).toBeDefined();
      // Only the SCIM-provisioned group is the admin group from now on.
      const settings = await json('/api/admin/sign-in-settings');
      expect(
        (await api('/api/admin/sign-in-settings', 'PUT', { ...settings, adminGroups: { admin: ['Scim Admins'], readOnly: [] } })).status,
      ).toBe(200);
    });

    const expectRefused = (
      answer: { status: number; body: Json },
      what = /^This SCIM request would leave no enabled member of adminGroups.admin \(Scim Admins\)/,
    ) => {
      expect(answer.status).toBe(409);
      expect(answer.body).toEqual({
        schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'],
        status: '409',
        detail: expect.stringMatching(what),
      });
    };

    it('refuses deactivating the last admin by PATCH, PUT or DELETE, in the SCIM error schema', async () => {
      expectRefused(await scim.patch(`/Users/${scimAdmin.id}`, patchOp({ op: 'Replace', path: 'active', value: false })));
      expectRefused(await scim.put(`/Users/${scimAdmin.id}`, { ...user('sam'), active: false }));
      expectRefused(await scim.delete(`/Users/${scimAdmin.id}`));
      expect((await scim.get(`/Users/${scimAdmin.id}`)).body.active).toBe(true);
    });

    it('refuses taking the last admin out of the admin Group, emptying it or deleting it', async () => {
      expectRefused(await scim.patch(`/Groups/${scimGroup.id}`, patchOp({ op: 'Remove', path: `members[value eq "${scimAdmin.id}"]` })));
      expectRefused(
        await scim.put(`/Groups/${scimGroup.id}`, {
          schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'],
          displayName: 'Scim Admins',
          members: [],
        }),
      );
      expectRefused(await scim.delete(`/Groups/${scimGroup.id}`));
      const members = (await scim.get(`/Groups/${scimGroup.id}`)).body.members as Json[];
      expect(members.map((m) => m.value)).toEqual([scimAdmin.id]);
    });

    it('allows it all once another enabled admin stays', async () => {
      const other = (await scim.post('/Users', user('sue'))).body;
      expect(
        (await scim.patch(`/Groups/${scimGroup.id}`, patchOp({ op: 'Add', path: 'members', value: [{ value: other.id }] }))).status,
      ).toBe(204);
      expect((await scim.patch(`/Users/${scimAdmin.id}`, patchOp({ op: 'Replace', path: 'active', value: false }))).status).toBe(200);
      expectRefused(await scim.delete(`/Users/${other.id}`));
    });
  });
});
