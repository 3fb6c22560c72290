import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { startSsoFixture, type SsoFixture } from '../support/sso-fixture.js';
import {
  addMember,
  claimsOf,
  createGroup,
  createLocalUser,
  expectRefused,
  membershipsOf,
  person,
  setGroupMapping,
  setUserMapping,
  signIn,
  storedUser,
  type Json,
} from './mapping-fixture.js';
import type { Schemas } from '../../clients/typescript/index.js';

/** The answer as the generated client types it (the console reads the same type). */
type Preview = Schemas['MappingPreviewResultDto'];

describe('mapping preview agrees with the login that follows', () => {
  let f: SsoFixture;
  beforeAll(async () => {
    f = await startSsoFixture({ users: [] });
    for (const name of ['bitbucket-software-users', 'pv-admins', 'pv-locals']) await createGroup(f, name);
  });
  afterAll(() => f?.close());
  beforeEach(async () => {
    await setUserMapping(f);
    await setGroupMapping(f);
  });

  async function preview(claims: Json, username?: string): Promise<Preview> {
    const response = await f.sesame.admin('/api/admin/mapping-preview', {
      method: 'POST',
      body: { providerId: f.provider.id, claims, ...(username ? { username } : {}) },
    });
    expect(response.status).toBe(200);
    return (await response.json()) as Preview;
  }

  /** Everything a login could write, to prove a preview wrote none of it. */
  const directory = async () =>
    JSON.stringify(
      await Promise.all(
        ['users', 'groups', 'memberships', 'user_identities', 'sessions'].map((table) =>
          f.sesame.db.query(`SELECT * FROM ${table} ORDER BY 1, 2`),
        ),
      ),
    );

  /** The memberships after applying a preview's changes to the ones before. */
  function applied(before: string[], p: Preview): string[] {
    const removed = new Set(p.groups.remove.map((g) => g.group.toLowerCase()));
    const kept = before.filter((entry) => !removed.has(entry.slice(0, entry.lastIndexOf(':')).toLowerCase()));
    return [...kept, ...p.groups.add.map((g) => `${g.group}:${g.origin}`)].sort();
  }

  it('a new person: the user, profile and groups it shows are what the login creates', async () => {
    await setGroupMapping(f, {
      mode: 'on-the-fly',
      defaultGroups: ['pv-staff'],
      assignDefaultGroupsTo: 'new',
      onTheFly: { createMissingGroups: true, excludeGroups: ['pv-locals'] },
    });
    const pia = person(f, { username: 'pia', givenName: 'Pia', familyName: 'Paulsen', groups: ['pv-admins', 'pv-fresh', 'pv-locals'] });
    const before = await directory();
    const p = await preview(claimsOf(pia));
    expect(await directory()).toBe(before);

    expect(p.denied).toBeNull();
    expect(p.user).toMatchObject({ action: 'create', userId: null, username: 'pia', email: 'pia@example.com' });
    expect(p.groups.create.sort()).toEqual(['pv-fresh', 'pv-staff']);
    expect(p.groups.skipped).toEqual([{ group: 'pv-locals', ruleCode: 'ON_THE_FLY_EXCLUDED', rule: expect.stringContaining('excluded') }]);
    for (const change of p.groups.add) expect(change.rule).toEqual(expect.any(String));

    expect((await signIn(f, 'pia')).status).toBe(302);
    const stored = (await storedUser(f, 'pia'))!;
    expect({
      username: stored.username,
      email: stored.email,
      emailVerified: stored.email_verified,
      firstName: stored.first_name,
      lastName: stored.last_name,
      displayName: stored.display_name,
    }).toEqual(p.profile);
    expect(await membershipsOf(f, stored.id)).toEqual(applied([], p));
  });

  it('an existing person whose groups changed: the adds and removes it shows are what the login does', async () => {
    const rules = [
      { localGroup: 'bitbucket-software-users', idpGroups: ['dev'] },
      { localGroup: 'pv-admins', idpGroups: ['ops'] },
    ];
    await setGroupMapping(f, { mode: 'manual', manual: { rules } });
    const quentin = person(f, { username: 'quentin', groups: ['dev', 'ops'] });
    expect((await signIn(f, 'quentin')).status).toBe(302);
    const id = (await storedUser(f, 'quentin'))!.id;
    await addMember(f, 'pv-locals', id, 'manual');

    const moved = person(f, { ...quentin, groups: ['dev', 'sales'], familyName: 'Moved' });
    const before = await membershipsOf(f, id);
    const p = await preview(claimsOf(moved));
    expect(p.user).toMatchObject({ action: 'use', userId: id, rule: 'identity link (provider, sub)' });
    expect(p.profile).toEqual({ lastName: 'Moved', displayName: 'Quentin Moved' });
    expect(p.groups.remove).toEqual([{ group: 'pv-admins', ruleCode: 'MANUAL_NO_LONGER_MAPPED', rule: expect.stringContaining('manual') }]);
    expect(p.groups.add).toEqual([]);

    expect((await signIn(f, 'quentin')).status).toBe(302);
    expect(await membershipsOf(f, id)).toEqual(applied(before, p));
    expect(await storedUser(f, 'quentin')).toMatchObject({ last_name: 'Moved', display_name: 'Quentin Moved' });

    // Nothing changed since: the preview says so, and so does the next login.
    const again = await preview(claimsOf(moved));
    expect(again.groups).toEqual({
      add: [],
      remove: [],
      create: [],
      skipped: [],
      kept: [],
      notPlanned: { ruleCode: 'SAME_AS_LAST_LOGIN', rule: expect.any(String) },
    });
    expect(again.profile).toEqual({});
  });

  it('a local account found by username: the preview names it and the login links it', async () => {
    const localId = await createLocalUser(f, { username: 'rosa' });
    const rosa = person(f, { username: 'rosa', groups: ['dev'] });
    await setGroupMapping(f, { mode: 'manual', manual: { rules: [{ localGroup: 'bitbucket-software-users', idpGroups: ['dev'] }] } });
    const p = await preview(claimsOf(rosa));
    expect(p.user).toMatchObject({ action: 'use', userId: localId, rule: 'matched by username' });
    expect(p.groups.add).toEqual([
      {
        group: 'bitbucket-software-users',
        origin: 'sso',
        ruleCode: 'MANUAL_RULE',
        rule: "manual: 'dev' → bitbucket-software-users",
        row: 1,
      },
    ]);
    expect((await signIn(f, 'rosa')).status).toBe(302);
    expect(await membershipsOf(f, localId)).toEqual(applied([], p));
  });

  it('a refusal: the preview gives the code the login then refuses with', async () => {
    await setGroupMapping(f, { allowedGroups: ['pv-allowed'] });
    const sam = person(f, { username: 'sam', groups: ['dev'] });
    expect((await preview(claimsOf(sam))).denied).toMatchObject({ code: 'SSO_GROUP_NOT_ALLOWED' });
    await expectRefused(f, 'sam', 403, 'SSO_GROUP_NOT_ALLOWED');

    await setGroupMapping(f);
    await setUserMapping(f, { allowUserCreation: false });
    expect((await preview(claimsOf(sam))).denied).toMatchObject({ code: 'SSO_USER_CREATION_DISABLED' });
    await expectRefused(f, 'sam', 403, 'SSO_USER_CREATION_DISABLED');

    await setUserMapping(f, { usernameAttribute: 'custom_attributes.Login' });
    const missing = await preview(claimsOf(sam));
    expect(missing.denied).toMatchObject({ code: 'SSO_ATTRIBUTE_MISSING', message: expect.stringContaining('custom_attributes.Login') });
    await expectRefused(f, 'sam', 403, 'SSO_ATTRIBUTE_MISSING');
    expect(await storedUser(f, 'sam')).toBeUndefined();
  });

  it('answers 400 for a request without claims and 404 for an unknown provider', async () => {
    const noClaims = await f.sesame.admin('/api/admin/mapping-preview', { method: 'POST', body: { providerId: f.provider.id } });
    expect(noClaims.status).toBe(400);
    const unknown = await f.sesame.admin('/api/admin/mapping-preview', {
      method: 'POST',
      body: { providerId: '00000000-0000-4000-8000-000000000000', claims: { sub: 'x', preferred_username: 'x' } },
    });
    expect(unknown.status).toBe(404);
  });
});
