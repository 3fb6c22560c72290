import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { startSsoFixture, type SsoFixture } from '../support/sso-fixture.js';
import {
  addMember,
  adminJson,
  createGroup,
  expectRefused,
  GROUP_MAPPING_DEFAULTS,
  me,
  membershipsOf,
  person,
  setGroupMapping,
  setUserMapping,
  signIn,
  storedUser,
} from './mapping-fixture.js';

describe('group mapping through a real login', () => {
  let f: SsoFixture;
  beforeAll(async () => {
    f = await startSsoFixture({ users: [] });
    await setUserMapping(f);
  });
  afterAll(() => f?.close());
  beforeEach(async () => {
    f.idp.intercept = null;
    await setGroupMapping(f);
  });

  /** Signs the person in (which must succeed) and answers their groups as `name:origin`. */
  async function groupsAfterLogin(username: string): Promise<string[]> {
    const login = await signIn(f, username);
    expect({ username, status: login.status, body: login.status === 302 ? '' : login.body }).toEqual({ username, status: 302, body: '' });
    return membershipsOf(f, (await storedUser(f, username))!.id);
  }

  const countGroups = async (name: string) =>
    (await f.sesame.db.query(`SELECT 1 FROM groups WHERE lower(name) = lower($1)`, [name])).length;

  it('rejects an invalid group mapping with the field and the reason', async () => {
    const response = await f.sesame.admin(`/api/admin/providers/${f.provider.id}/group-mapping`, {
      method: 'PUT',
      body: {
        groupAttribute: 'groups',
        defaultGroups: [],
        assignDefaultGroupsTo: 'new',
        mode: 'manual',
        updateExistingUsers: true,
        manual: { rules: [{ localGroup: 'x-$2', idpGroupPattern: '^team-(.+)$' }], requireMappedGroupForCreation: false },
        onTheFly: { createMissingGroups: false, keepExistingGroups: true, excludeGroups: [] },
        allowedGroups: [],
      },
    });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('manual.rules[0].localGroup');
  });

  describe('default groups', () => {
    it('"new": only a user created by this login gets them', async () => {
      person(f, { username: 'old-timer' });
      expect(await groupsAfterLogin('old-timer')).toEqual([]);
      await setGroupMapping(f, { defaultGroups: ['staff'], assignDefaultGroupsTo: 'new' });
      person(f, { username: 'newcomer' });
      expect(await groupsAfterLogin('newcomer')).toEqual(['staff:default']);
      expect(await groupsAfterLogin('old-timer')).toEqual([]);
    });

    it('"all": every login adds them, to existing users too, and a login never removes them', async () => {
      person(f, { username: 'veteran' });
      expect(await groupsAfterLogin('veteran')).toEqual([]);
      await setGroupMapping(f, { defaultGroups: ['everyone'], assignDefaultGroupsTo: 'all' });
      expect(await groupsAfterLogin('veteran')).toEqual(['everyone:default']);
      await setGroupMapping(f, { defaultGroups: [], assignDefaultGroupsTo: 'all' });
      expect(await groupsAfterLogin('veteran')).toEqual(['everyone:default']);
    });

    it('"none": nobody gets them', async () => {
      await setGroupMapping(f, { defaultGroups: ['nobody-gets-this'], assignDefaultGroupsTo: 'none' });
      person(f, { username: 'plain' });
      expect(await groupsAfterLogin('plain')).toEqual([]);
      expect(await countGroups('nobody-gets-this')).toBe(0);
    });
  });

  describe('manual mapping', () => {
    const rules = [
      { localGroup: 'bitbucket-software-users', idpGroups: ['dev'] },
      { localGroup: 'bitbucket-admins', idpGroups: ['ops'] },
      { localGroup: 'team-$1', idpGroupPattern: '^squad-(\\w+)$' },
    ];

    it("maps 'dev' to bitbucket-software-users, and a later login syncs only its own memberships", async () => {
      for (const name of ['bitbucket-software-users', 'bitbucket-admins', 'team-red', 'team-blue', 'legacy']) await createGroup(f, name);
      await setGroupMapping(f, { mode: 'manual', manual: { rules } });
      person(f, { username: 'paula', groups: ['dev', 'squad-red', 'squad-green', 'unmapped'] });
      // squad-green maps to team-green, which does not exist: manual mapping never creates groups.
      expect(await groupsAfterLogin('paula')).toEqual(['bitbucket-software-users:sso', 'team-red:sso']);
      expect(await countGroups('team-green')).toBe(0);
      expect(await countGroups('unmapped')).toBe(0);

      const paula = (await storedUser(f, 'paula'))!;
      await addMember(f, 'bitbucket-admins', paula.id, 'manual'); // an administrator's own decision
      await addMember(f, 'legacy', paula.id, 'sso'); // a group no rule names

      person(f, { username: 'paula', groups: ['squad-blue'] });
      expect(await groupsAfterLogin('paula')).toEqual(['bitbucket-admins:manual', 'legacy:sso', 'team-blue:sso']);
    });

    it('creates a user only when a group maps, with requireMappedGroupForCreation', async () => {
      await setGroupMapping(f, { mode: 'manual', manual: { rules, requireMappedGroupForCreation: true } });
      person(f, { username: 'quinn', groups: ['marketing', 'squad-nonexistent'] });
      await expectRefused(f, 'quinn', 403, 'SSO_NO_MAPPED_GROUP');
      expect(await storedUser(f, 'quinn')).toBeUndefined();

      person(f, { username: 'quinn', groups: ['marketing', 'DEV'] });
      expect(await groupsAfterLogin('quinn')).toEqual(['bitbucket-software-users:sso']);
      // An existing user is not gated: losing every mapped group only loses the memberships.
      person(f, { username: 'quinn', groups: ['marketing'] });
      expect(await groupsAfterLogin('quinn')).toEqual([]);
    });

    it('leaves existing users alone when updateExistingUsers is off ("Disable Group Mapping")', async () => {
      await setGroupMapping(f, { mode: 'manual', manual: { rules } });
      person(f, { username: 'rhea', groups: ['dev'] });
      expect(await groupsAfterLogin('rhea')).toEqual(['bitbucket-software-users:sso']);
      await setGroupMapping(f, { mode: 'manual', manual: { rules }, updateExistingUsers: false });
      person(f, { username: 'rhea', groups: ['ops'] });
      expect(await groupsAfterLogin('rhea')).toEqual(['bitbucket-software-users:sso']);
      person(f, { username: 'sven', groups: ['ops'] });
      expect(await groupsAfterLogin('sven')).toEqual(['bitbucket-admins:sso']);
    });
  });

  describe('on-the-fly mapping', () => {
    it('creates missing groups, removes absent ones with keep-existing off, and never touches excluded groups', async () => {
      await createGroup(f, 'local-admins');
      await setGroupMapping(f, {
        mode: 'on-the-fly',
        onTheFly: { createMissingGroups: true, keepExistingGroups: false, excludeGroups: ['local-admins'] },
      });
      person(f, { username: 'tara', groups: ['otf-alpha', 'otf-beta', 'local-admins'] });
      expect(await groupsAfterLogin('tara')).toEqual(['otf-alpha:sso', 'otf-beta:sso']);

      const tara = (await storedUser(f, 'tara'))!;
      await addMember(f, 'local-admins', tara.id, 'manual');
      await addMember(f, 'otf-hand-made', tara.id, 'manual');
      person(f, { username: 'tara', groups: ['otf-alpha'] });
      expect(await groupsAfterLogin('tara')).toEqual(['local-admins:manual', 'otf-alpha:sso']);
      // The provider's response says nothing of local-admins: excluded, so still kept.
      expect(await countGroups('otf-beta')).toBe(1);
    });

    it('keeps memberships the provider no longer lists when keep-existing is on, and creates nothing when told not to', async () => {
      await createGroup(f, 'otf-existing');
      await setGroupMapping(f, { mode: 'on-the-fly', onTheFly: { createMissingGroups: false, keepExistingGroups: true } });
      person(f, { username: 'uma', groups: ['otf-existing', 'otf-missing'] });
      expect(await groupsAfterLogin('uma')).toEqual(['otf-existing:sso']);
      expect(await countGroups('otf-missing')).toBe(0);
      person(f, { username: 'uma', groups: [] });
      expect(await groupsAfterLogin('uma')).toEqual(['otf-existing:sso']);
    });

    it('reads groups from a nested attribute path holding a separated string', async () => {
      await setGroupMapping(f, {
        mode: 'on-the-fly',
        groupAttribute: 'custom_attributes.Department',
        onTheFly: { createMissingGroups: true },
      });
      person(f, { username: 'vera', groups: ['ignored'], extra: { custom_attributes: { Department: 'R&D; Research ,Lab' } } });
      expect(await groupsAfterLogin('vera')).toEqual(['Lab:sso', 'R&D:sso', 'Research:sso']);
    });

    it('reads groups from a namespaced claim by its exact name', async () => {
      const claim = 'https://example.com/claims/groups';
      await setGroupMapping(f, { mode: 'on-the-fly', groupAttribute: claim, onTheFly: { createMissingGroups: true } });
      // The provider adds its namespaced claim to the userinfo response (as Auth0-style providers do).
      f.idp.intercept = async (ctx, next) => {
        await next();
        if (ctx.path === '/me' && ctx.body && typeof ctx.body === 'object') {
          ctx.body = { ...ctx.body, [claim]: ['ns-editors', 'ns-viewers'] };
        }
      };
      person(f, { username: 'wade', groups: ['ignored-too'] });
      expect(await groupsAfterLogin('wade')).toEqual(['ns-editors:sso', 'ns-viewers:sso']);
    });
  });

  it('lets only members of the allowed provider groups sign in', async () => {
    await setGroupMapping(f, { allowedGroups: ['sesame-users'] });
    person(f, { username: 'xena', groups: ['other'] });
    await expectRefused(f, 'xena', 403, 'SSO_GROUP_NOT_ALLOWED');
    expect(await storedUser(f, 'xena')).toBeUndefined();
    person(f, { username: 'xena', groups: ['other', 'Sesame-Users'] });
    expect((await signIn(f, 'xena')).status).toBe(302);
    // Leaving the group at the provider locks an existing user out too.
    person(f, { username: 'xena', groups: ['other'] });
    await expectRefused(f, 'xena', 403, 'SSO_GROUP_NOT_ALLOWED');
  });

  it('shows the groups to the application after a login changed them', async () => {
    await setGroupMapping(f, { mode: 'on-the-fly', onTheFly: { createMissingGroups: true, keepExistingGroups: false } });
    person(f, { username: 'yuri', groups: ['app-readers'] });
    const first = await signIn(f, 'yuri');
    expect((await me(f, first.browser)).body).toMatchObject({ groups: ['app-readers'] });
    person(f, { username: 'yuri', groups: ['app-writers'] });
    expect((await signIn(f, 'yuri')).status).toBe(302);
    expect((await me(f, first.browser)).body).toMatchObject({ groups: ['app-writers'] });
  });

  describe('the unchanged-groups shortcut', () => {
    /** Counts write statements on memberships behind Sesame's back (a statement trigger fires even when no row changes). */
    async function countMembershipWrites(): Promise<() => Promise<number>> {
      await f.sesame.db.query(`CREATE TABLE IF NOT EXISTS test_membership_writes (at timestamptz NOT NULL DEFAULT clock_timestamp())`);
      await f.sesame.db.query(`CREATE OR REPLACE FUNCTION test_count_membership_writes() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN INSERT INTO test_membership_writes DEFAULT VALUES; RETURN NULL; END $$`);
      await f.sesame.db.query(`DROP TRIGGER IF EXISTS test_membership_writes ON memberships`);
      await f.sesame.db.query(`CREATE TRIGGER test_membership_writes AFTER INSERT OR UPDATE OR DELETE ON memberships
        FOR EACH STATEMENT EXECUTE FUNCTION test_count_membership_writes()`);
      await f.sesame.db.query(`DELETE FROM test_membership_writes`);
      return async () => Number((await f.sesame.db.query<{ n: string }>(`SELECT count(*) AS n FROM test_membership_writes`))[0]!.n);
    }

    it('skips the membership writes when the groups and the mapping are as last time, and re-syncs when the mapping changes', async () => {
      await createGroup(f, 'hash-one');
      await createGroup(f, 'hash-two');
      await setGroupMapping(f, { mode: 'on-the-fly', onTheFly: { keepExistingGroups: false } });
      person(f, { username: 'zack', groups: ['hash-one', 'hash-two'] });
      const writes = await countMembershipWrites();
      expect(await groupsAfterLogin('zack')).toEqual(['hash-one:sso', 'hash-two:sso']);
      const afterFirst = await writes();
      expect(afterFirst).toBeGreaterThan(0);

      person(f, { username: 'zack', groups: ['HASH-TWO', 'hash-one'] }); // the same set, in another order and case
      expect(await groupsAfterLogin('zack')).toEqual(['hash-one:sso', 'hash-two:sso']);
      expect(await writes()).toBe(afterFirst);

      // Same provider groups, new mapping: the shortcut must not hide it.
      await setGroupMapping(f, {
        mode: 'on-the-fly',
        onTheFly: { keepExistingGroups: false },
        defaultGroups: ['hash-all'],
        assignDefaultGroupsTo: 'all',
      });
      expect(await groupsAfterLogin('zack')).toEqual(['hash-all:default', 'hash-one:sso', 'hash-two:sso']);
      await setGroupMapping(f, { mode: 'manual', manual: { rules: [{ localGroup: 'hash-one', idpGroups: ['nothing-sends-this'] }] } });
      expect(await groupsAfterLogin('zack')).toEqual(['hash-all:default', 'hash-two:sso']);
      expect(await writes()).toBeGreaterThan(afterFirst);
    });

    it('still adds a group an administrator created after a login had to leave it aside', async () => {
      await setGroupMapping(f, { mode: 'on-the-fly' });
      person(f, { username: 'abby', groups: ['created-later'] });
      expect(await groupsAfterLogin('abby')).toEqual([]);
      await createGroup(f, 'created-later');
      expect(await groupsAfterLogin('abby')).toEqual(['created-later:sso']);
      // Now everything the provider sent is settled: the next identical login writes nothing.
      const writes = await countMembershipWrites();
      expect(await groupsAfterLogin('abby')).toEqual(['created-later:sso']);
      expect(await writes()).toBe(0);
    });
  });

  it('the group mapping API returns what was stored, and a GET answer can be PUT back as it is', async () => {
    await createGroup(f, 'x');
    const stored = await setGroupMapping(f, { mode: 'manual', manual: { rules: [{ localGroup: 'x', idpGroups: ['y'] }] } });
    const read = await adminJson(f, `/api/admin/providers/${f.provider.id}/group-mapping`);
    expect(read).toEqual(stored);
    expect(read.danglingRules).toEqual([]);
    expect(await adminJson(f, `/api/admin/providers/${f.provider.id}/group-mapping`, { method: 'PUT', body: read })).toEqual(read);
  });

  describe('rules naming local groups that do not exist', () => {
    const mappingUrl = () => `/api/admin/providers/${f.provider.id}/group-mapping`;
    const manual = (rules: unknown[]) => ({
      ...GROUP_MAPPING_DEFAULTS,
      mode: 'manual',
      manual: { rules, requireMappedGroupForCreation: false },
    });

    it('are refused at save with 422 naming the group and the rule, and nothing is stored', async () => {
      await createGroup(f, 'dg-exists');
      const before = await adminJson(f, mappingUrl());
      const response = await f.sesame.admin(mappingUrl(), {
        method: 'PUT',
        body: manual([
          { localGroup: 'dg-exists', idpGroups: ['a'] },
          { localGroup: 'dg-missing', idpGroups: ['b'] },
          { localGroup: 'dg-team-$1', idpGroupPattern: '^squad-(.+)$' },
        ]),
      });
      expect(response.status).toBe(422);
      const text = await response.text();
      expect(text).toContain('manual.rules[1].localGroup');
      expect(text).toContain('dg-missing');
      expect(text).not.toContain('rules[0]');
      expect(text).not.toContain('rules[2]');
      expect(await adminJson(f, mappingUrl())).toEqual(before);
      expect(await countGroups('dg-missing')).toBe(0);
    });

    it('with ?createMissing=true the groups are created (audited) with the mapping, and a login maps to them', async () => {
      const saved = await adminJson(f, `${mappingUrl()}?createMissing=true`, {
        method: 'PUT',
        body: manual([{ localGroup: 'DG-Created', idpGroups: ['dev'] }]),
      });
      expect(saved.danglingRules).toEqual([]);
      expect(await countGroups('dg-created')).toBe(1);
      const audit = await f.sesame.db.query(
        `SELECT 1 FROM audit_events WHERE type = 'admin_change' AND details->>'entity' = 'group' AND details->'after'->>'name' = 'DG-Created'`,
      );
      expect(audit).toHaveLength(1);
      person(f, { username: 'dg-user', groups: ['dev'] });
      expect(await groupsAfterLogin('dg-user')).toEqual(['DG-Created:sso']);
      const bad = await f.sesame.admin(`${mappingUrl()}?createMissing=yes`, { method: 'PUT', body: manual([]) });
      expect(bad.status).toBe(400);
    });

    it('a group deleted while a rule names it is allowed, and the rule is reported as dangling until fixed', async () => {
      const id = await createGroup(f, 'dg-doomed');
      await setGroupMapping(f, {
        mode: 'manual',
        manual: {
          rules: [
            { localGroup: 'x', idpGroups: ['y'] },
            { localGroup: 'dg-doomed', idpGroups: ['z'] },
          ],
        },
      });
      expect((await f.sesame.admin(`/api/admin/groups/${id}`, { method: 'DELETE' })).status).toBe(204);
      const read = await adminJson(f, mappingUrl());
      expect(read.danglingRules).toEqual([{ index: 1, localGroup: 'dg-doomed' }]);
      // Saving it again as it is names the dangling rule; recreating the group settles it.
      const again = await f.sesame.admin(mappingUrl(), { method: 'PUT', body: read });
      expect(again.status).toBe(422);
      expect(await again.text()).toContain('manual.rules[1].localGroup');
      await createGroup(f, 'dg-doomed');
      expect((await adminJson(f, mappingUrl())).danglingRules).toEqual([]);
    });
  });
});
