import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { startSsoFixture, type SsoFixture } from '../support/sso-fixture.js';
import {
  addMember,
  claimsOf,
  createGroup,
  createLocalUser,
  eventually,
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

  it('on-the-fly, 40 random changes in a row: each login does what the full preview said (a login plans only the groups it can change)', async () => {
    // Deterministic: a failure names its round, and the same rounds run again.
    let seed = 20261208;
    // mulberry32: 32-bit integer steps, so every run draws the same numbers.
    const random = () => {
      seed = (seed + 0x6d2b79f5) | 0;
      let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
    };
    const pick = <T>(items: readonly T[], odds: number): T[] => items.filter(() => random() < odds);
    const pool = Array.from({ length: 24 }, (_, i) => `rnd-${i}`);
    const spelled = (name: string) => (random() < 0.3 ? name.toUpperCase() : name);
    for (const name of pool.slice(0, 12)) await createGroup(f, name);
    let rnd = person(f, { username: 'rnd', groups: pool.slice(0, 8) });
    expect((await signIn(f, 'rnd')).status).toBe(302);
    const id = (await storedUser(f, 'rnd'))!.id;
    const latestLogin = async () => {
      const [row] = await f.sesame.db.query<{ id: string; details: Json }>(
        `SELECT id, details FROM audit_events WHERE type = 'login' AND user_id = $1 ORDER BY id DESC LIMIT 1`,
        [id],
      );
      return row;
    };
    // The audit batch is written after the answer.
    let lastEvent = (await eventually(latestLogin))!.id;

    for (let round = 1; round <= 40; round++) {
      const [defaultGroup, excludedGroup] = pick(pool, 0.5);
      await setGroupMapping(f, {
        mode: 'on-the-fly',
        defaultGroups: random() < 0.5 && defaultGroup ? [spelled(defaultGroup)] : [],
        assignDefaultGroupsTo: (['all', 'new', 'none'] as const)[Math.floor(random() * 3)],
        allowedGroups: random() < 0.2 ? [spelled(pool[Math.floor(random() * pool.length)]!)] : [],
        onTheFly: {
          createMissingGroups: random() < 0.5,
          keepExistingGroups: random() < 0.3,
          excludeGroups: random() < 0.5 && excludedGroup && excludedGroup !== defaultGroup ? [spelled(excludedGroup)] : [],
        },
      });
      if (random() < 0.3) await addMember(f, pool[Math.floor(random() * pool.length)]!, id, random() < 0.5 ? 'manual' : 'default');
      rnd = person(f, { ...rnd, groups: pick(pool, 0.5).map(spelled) });

      const before = await membershipsOf(f, id);
      const p = await preview(claimsOf(rnd));
      const login = await signIn(f, 'rnd');
      const outcome = { round, status: login.status, memberships: await membershipsOf(f, id) };
      if (p.denied) {
        expect(outcome).toEqual({ round, status: 403, memberships: before });
        continue;
      }
      expect(outcome).toEqual({ round, status: 302, memberships: applied(before, p) });
      // What the login says it did (its audit event) is the preview's plan, rule for rule.
      const event = await eventually(async () => {
        const row = await latestLogin();
        return row && row.id !== lastEvent ? row : undefined;
      });
      lastEvent = event!.id;
      const changes = (list: { group: string; rule: string }[]) => list.map(({ group, rule }) => ({ group, rule }));
      expect({ round, ...event!.details }).toMatchObject({
        round,
        groupsAdded: changes(p.groups.add),
        groupsRemoved: changes(p.groups.remove),
        groupsCreated: p.groups.create,
      });
    }
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
