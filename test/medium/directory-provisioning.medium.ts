import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { EntityManager } from 'typeorm';
import { AccountsRepository, DirectoryProvisioning, MembershipsRepository, type LoginPlan } from '../../src/modules/directory/index.js';
import { openMediumDatabase, type MediumDatabase } from '../support/medium-database.js';

/** The directory's repositories and its login writer on the real database with the real migrations; no Nest, no HTTP. */
describe('directory repositories and applyLoginPlan', () => {
  let m: MediumDatabase;
  let db: EntityManager;
  let providerId: string;
  const accounts = new AccountsRepository();
  const memberships = new MembershipsRepository();
  const directory = new DirectoryProvisioning(accounts, memberships);
  const now = new Date('2026-01-02T03:04:05Z');

  const newUser = (username: string, email: string | null = `${username}@example.com`) => ({
    username,
    email,
    emailVerified: true,
    firstName: 'First',
    lastName: 'Last',
    displayName: `${username} display`,
  });
  const loginPlan = (subject: string, user: LoginPlan['user'], changes: Partial<LoginPlan> = {}): LoginPlan => ({
    providerId,
    subject,
    user,
    link: 'create' in user,
    relink: false,
    memberships: null,
    groupsHash: 'hash-1',
    now,
    ...changes,
  });
  const groupsOf = async (userId: string) => (await memberships.ofUser(db, userId)).map((g) => `${g.name}:${g.origin}`).sort();

  beforeAll(async () => {
    m = await openMediumDatabase();
    db = m.dataSource.manager;
    const rows = await m.db.query<{ id: string }>(
      `INSERT INTO providers (slug, display_name, kind, preset, client_id, scopes, client_auth_method)
       VALUES ('medium', 'Medium IdP', 'oidc', 'generic', 'client', '{openid}', 'client_secret_basic') RETURNING id`,
    );
    providerId = rows[0]!.id;
  });
  afterAll(() => m?.close());

  it('a first login creates the user, its memberships (creating missing groups) and the identity link in one go', async () => {
    const plan = loginPlan(
      'sub-ada',
      { create: newUser('ada') },
      {
        memberships: { create: ['Engineering'], add: [{ group: 'Engineering', origin: 'sso' }], remove: [] },
      },
    );
    const { userId, replacedSubjects } = await m.dataSource.transaction((tx) => directory.applyLoginPlan(tx, plan));
    expect(replacedSubjects).toEqual([]);
    const linked = await accounts.findByIdentity(db, providerId, 'sub-ada');
    expect(linked).toMatchObject({
      id: userId,
      username: 'ada',
      email: 'ada@example.com',
      emailVerified: true,
      active: true,
      groupsHash: 'hash-1',
    });
    expect(await groupsOf(userId)).toEqual(['Engineering:sso']);
    const [row] = await m.db.query<{ last_login_at: Date }>(`SELECT last_login_at FROM users WHERE id = $1`, [userId]);
    expect(row!.last_login_at.toISOString()).toBe(now.toISOString());
  });

  it('a failed transaction leaves no user, group or link behind', async () => {
    const plan = loginPlan(
      'sub-ghost',
      { create: newUser('ghost') },
      {
        memberships: { create: ['Ghosts'], add: [{ group: 'Ghosts', origin: 'sso' }], remove: [] },
      },
    );
    await expect(
      m.dataSource.transaction(async (tx) => {
        await directory.applyLoginPlan(tx, plan);
        throw new Error('the session could not be written');
      }),
    ).rejects.toThrow('the session could not be written');
    expect(await accounts.findByIdentity(db, providerId, 'sub-ghost')).toBeNull();
    expect(await accounts.findOwners(db, { providerId, subject: 'sub-ghost', username: 'ghost', email: null })).toEqual([]);
    expect(await memberships.existingNames(db, ['ghosts'])).toEqual([]);
  });

  it('updateUser changes only the fields given (and the sign-in time when asked)', async () => {
    const userId = await accounts.createUser(db, newUser('grace'), now);
    await accounts.updateUser(db, userId, { displayName: 'Grace H.' }, new Date('2026-02-01T00:00:00Z'));
    const [row] = await m.db.query<Record<string, unknown>>(
      `SELECT username, email, display_name, first_name, last_login_at, updated_at FROM users WHERE id = $1`,
      [userId],
    );
    expect(row).toMatchObject({
      username: 'grace',
      email: 'grace@example.com',
      display_name: 'Grace H.',
      first_name: 'First',
      last_login_at: null,
    });
    expect((row!.updated_at as Date).toISOString()).toBe('2026-02-01T00:00:00.000Z');
  });

  it('findOwners finds the username and the email owners case-insensitively, and says who is linked to another subject', async () => {
    const owners = await accounts.findOwners(db, { providerId, subject: 'sub-other', username: 'ADA', email: 'GRACE@example.com' });
    expect(owners.map((o) => [o.username, o.linkedElsewhere]).sort()).toEqual([
      ['ada', true],
      ['grace', false],
    ]);
  });

  it("a re-link replaces only this provider's other subjects of the user", async () => {
    const [ada] = await accounts.findOwners(db, { providerId, subject: 'x', username: 'ada', email: null });
    const plan = loginPlan('sub-ada-2', { userId: ada!.id, changes: {} }, { link: true, relink: true });
    const { replacedSubjects } = await m.dataSource.transaction((tx) => directory.applyLoginPlan(tx, plan));
    expect(replacedSubjects).toEqual(['sub-ada']);
    expect(await accounts.findByIdentity(db, providerId, 'sub-ada')).toBeNull();
    expect((await accounts.findByIdentity(db, providerId, 'sub-ada-2'))?.id).toBe(ada!.id);
  });

  it("set() makes one origin's memberships exactly the given groups and leaves the others alone", async () => {
    const userId = await accounts.createUser(db, newUser('linus'), now);
    await memberships.apply(db, userId, {
      create: ['Admins', 'Ops'],
      add: [
        { group: 'Admins', origin: 'manual' },
        { group: 'Ops', origin: 'sso' },
      ],
      remove: [],
    });
    await memberships.set(db, userId, 'sso', ['Dev', 'dev-ops']);
    expect(await groupsOf(userId)).toEqual(['Admins:manual', 'Dev:sso', 'dev-ops:sso']);
    await memberships.set(db, userId, 'sso', []);
    expect(await groupsOf(userId)).toEqual(['Admins:manual']);
  });

  it('setActive switches an account off and says when there is no such user', async () => {
    const userId = await accounts.createUser(db, newUser('margaret'), now);
    expect(await accounts.setActive(db, userId, false, now)).toBe(true);
    const [owner] = await accounts.findOwners(db, { providerId, subject: 'x', username: 'margaret', email: null });
    expect(owner!.active).toBe(false);
    expect(await accounts.setActive(db, '00000000-0000-4000-8000-000000000000', false, now)).toBe(false);
  });

  const stamps = async (userId: string, subject: string) => {
    const [row] = await m.db.query<{ user_at: Date; link_at: Date; groups_hash: string | null }>(
      `SELECT u.last_login_at AS user_at, i.last_login_at AS link_at, i.groups_hash
       FROM users u JOIN user_identities i ON i.user_id = u.id WHERE u.id = $1 AND i.provider_id = $2 AND i.subject = $3`,
      [userId, providerId, subject],
    );
    return { user: row!.user_at.toISOString(), link: row!.link_at.toISOString(), groupsHash: row!.groups_hash };
  };

  it('signInByIdentity stamps the sign-in on the user and the link in one statement and reads them back; nobody linked: null, nothing written', async () => {
    const { userId } = await m.dataSource.transaction((tx) =>
      directory.applyLoginPlan(tx, loginPlan('sub-grace', { create: newUser('stamped-grace') })),
    );
    const later = new Date('2026-01-03T00:00:00Z');
    const signedIn = await accounts.signInByIdentity(db, providerId, 'sub-grace', later);
    expect(signedIn).toMatchObject({
      id: userId,
      username: 'stamped-grace',
      email: 'stamped-grace@example.com',
      active: true,
      groupsHash: 'hash-1',
    });
    expect(await stamps(userId, 'sub-grace')).toEqual({ user: later.toISOString(), link: later.toISOString(), groupsHash: 'hash-1' });

    const before = await m.db.query(`SELECT id, last_login_at FROM users ORDER BY id`);
    expect(await accounts.signInByIdentity(db, providerId, 'sub-nobody', later)).toBeNull();
    expect(await m.db.query(`SELECT id, last_login_at FROM users ORDER BY id`)).toEqual(before);
  });

  it('a plan whose sign-in was stamped already writes the link again only when the group hash changed', async () => {
    const { userId } = await m.dataSource.transaction((tx) =>
      directory.applyLoginPlan(tx, loginPlan('sub-hopper', { create: newUser('stamped-hopper') })),
    );
    const stamped = new Date('2026-01-04T00:00:00Z');
    const planned = new Date('2026-01-04T00:00:01Z');
    const use = { userId, changes: {} };
    await accounts.signInByIdentity(db, providerId, 'sub-hopper', stamped);
    await m.dataSource.transaction((tx) =>
      directory.applyLoginPlan(tx, loginPlan('sub-hopper', use, { now: planned, recordedSignIn: { storedGroupsHash: 'hash-1' } })),
    );
    expect(await stamps(userId, 'sub-hopper')).toEqual({ user: stamped.toISOString(), link: stamped.toISOString(), groupsHash: 'hash-1' });

    await m.dataSource.transaction((tx) =>
      directory.applyLoginPlan(
        tx,
        loginPlan('sub-hopper', use, { now: planned, groupsHash: 'hash-2', recordedSignIn: { storedGroupsHash: 'hash-1' } }),
      ),
    );
    expect(await stamps(userId, 'sub-hopper')).toEqual({ user: stamped.toISOString(), link: planned.toISOString(), groupsHash: 'hash-2' });
  });

  it('adds and removes memberships together, taking over the origins it is told to', async () => {
    const { userId } = await m.dataSource.transaction((tx) =>
      directory.applyLoginPlan(
        tx,
        loginPlan(
          'sub-lovelace',
          { create: newUser('diffed-lovelace') },
          {
            memberships: {
              create: ['Ops', 'Old', 'Kept'],
              add: [
                { group: 'Ops', origin: 'manual' },
                { group: 'Old', origin: 'sso' },
                { group: 'Kept', origin: 'sso' },
              ],
              remove: [],
            },
          },
        ),
      ),
    );
    await m.dataSource.transaction((tx) =>
      memberships.apply(tx, userId, {
        create: ['New'],
        add: [
          { group: 'new', origin: 'sso' },
          { group: 'OPS', origin: 'sso' },
        ],
        remove: [{ group: 'OLD' }],
        takeOverFrom: ['manual'],
      }),
    );
    expect(await groupsOf(userId)).toEqual(['Kept:sso', 'New:sso', 'Ops:sso']);
    await m.dataSource.transaction((tx) => memberships.apply(tx, userId, { create: [], add: [], remove: [{ group: 'kept' }] }));
    expect(await groupsOf(userId)).toEqual(['New:sso', 'Ops:sso']);
  });

  it("ofUserAndExisting reads the user's memberships and which other named groups exist, in one statement", async () => {
    const { userId } = await m.dataSource.transaction((tx) =>
      directory.applyLoginPlan(
        tx,
        loginPlan(
          'sub-curie',
          { create: newUser('read-curie') },
          {
            memberships: {
              create: ['Physics', 'Chemistry'],
              add: [
                { group: 'Physics', origin: 'sso' },
                { group: 'Chemistry', origin: 'manual' },
              ],
              remove: [],
            },
          },
        ),
      ),
    );
    await m.db.query(`INSERT INTO groups (name) VALUES ('Radium') ON CONFLICT DO NOTHING`);
    const read = await memberships.ofUserAndExisting(db, userId, ['physics', 'radium', 'polonium']);
    expect(read).toEqual({
      current: [
        { name: 'Chemistry', origin: 'manual' },
        { name: 'Physics', origin: 'sso' },
      ],
      existing: ['Radium'],
    });
    expect(await memberships.ofUserAndExisting(db, null, ['physics', 'polonium'])).toEqual({ current: [], existing: ['Physics'] });
  });
});
