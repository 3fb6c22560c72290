import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startSsoFixture, type SsoFixture } from '../support/sso-fixture.js';
import {
  createLocalUser,
  me,
  membershipsOf,
  person,
  setGroupMapping,
  setUserMapping,
  signIn,
  signInAs,
  type SignIn,
} from './mapping-fixture.js';

const CROWD = 20;

describe('simultaneous logins', () => {
  let f: SsoFixture;
  beforeAll(async () => {
    f = await startSsoFixture({ users: [] });
    await setUserMapping(f);
    await setGroupMapping(f, { mode: 'on-the-fly', onTheFly: { createMissingGroups: true }, defaultGroups: ['crowd-staff'] });
  });
  afterAll(() => f?.close());

  const serverErrors = () => f.sesame.logs.filter((line) => typeof line.status === 'number' && line.status >= 500);
  /** Retries the provisioner made, by the database error that caused them (23505 unique violation, 40P01 deadlock…). */
  const retries = () => f.sesame.logs.filter((line) => line.event === 'login-retry').map((line) => String(line.code));

  /** Every login signed in: a redirect to return_to, a session cookie, and /api/me answering for the one user. */
  async function expectAllSignedIn(logins: SignIn[], userId: string): Promise<void> {
    expect(logins.map((l) => `${l.status} ${l.location}`)).toEqual(logins.map(() => '302 /app'));
    expect(logins.filter((l) => !l.cookie)).toHaveLength(0);
    const profiles = await Promise.all(logins.map((l) => me(f, l.browser)));
    expect(profiles.map((p) => `${p.status} ${String(p.body.id)}`)).toEqual(logins.map(() => `200 ${userId}`));
  }

  it(`${CROWD} first logins of the same new person at once make one user and one link, and all ${CROWD} are signed in`, async () => {
    const olga = person(f, { username: 'olga', groups: ['crowd-alpha', 'crowd-beta'] });
    const logins = await Promise.all(Array.from({ length: CROWD }, () => signIn(f, 'olga')));

    const users = await f.sesame.db.query<{ id: string }>(`SELECT id FROM users WHERE lower(username) = 'olga'`);
    expect(users).toHaveLength(1);
    const links = await f.sesame.db.query<{ user_id: string }>(`SELECT user_id FROM user_identities WHERE subject = $1`, [olga.sub]);
    expect(links).toEqual([{ user_id: users[0]!.id }]);
    await expectAllSignedIn(logins, users[0]!.id);
    const sessions = await f.sesame.db.query(`SELECT id FROM sessions WHERE user_id = $1`, [users[0]!.id]);
    expect(sessions).toHaveLength(CROWD);
    expect(await membershipsOf(f, users[0]!.id)).toEqual(['crowd-alpha:sso', 'crowd-beta:sso', 'crowd-staff:default']);
    const groups = await f.sesame.db.query(`SELECT name FROM groups WHERE name LIKE 'crowd-%' ORDER BY name`);
    expect(groups).toEqual([{ name: 'crowd-alpha' }, { name: 'crowd-beta' }, { name: 'crowd-staff' }]);
    expect(serverErrors()).toEqual([]);
    // The losers of the race met the winner's unique keys, never a deadlock.
    expect(retries().filter((code) => code !== '23505')).toEqual([]);
  });

  it(`${CROWD} first logins of a person with a local account at once link it once`, async () => {
    const localId = await createLocalUser(f, { username: 'pavel', email: 'pavel@example.com' });
    const pavel = person(f, { username: 'pavel', givenName: 'Pavel', familyName: 'Petrov', groups: ['crowd-gamma'] });
    const logins = await Promise.all(Array.from({ length: CROWD }, () => signIn(f, 'pavel')));

    const links = await f.sesame.db.query<{ user_id: string }>(`SELECT user_id FROM user_identities WHERE subject = $1`, [pavel.sub]);
    expect(links).toEqual([{ user_id: localId }]);
    expect(await f.sesame.db.query(`SELECT id FROM users WHERE lower(username) = 'pavel'`)).toHaveLength(1);
    await expectAllSignedIn(logins, localId);
    expect(await membershipsOf(f, localId)).toEqual(['crowd-gamma:sso']);
    expect(serverErrors()).toEqual([]);
    expect(retries().filter((code) => code !== '23505')).toEqual([]);
  });

  it('people whose logins create the same new groups at once make each group once', async () => {
    const names = ['race-one', 'race-two', 'race-three', 'race-four'];
    const people = Array.from({ length: 6 }, (_, i) =>
      // Half of them list the groups in the opposite order.
      person(f, { username: `racer${i}`, groups: i % 2 === 0 ? names : [...names].reverse() }),
    );
    const logins = await Promise.all(people.map((p) => signInAs(f, p.sub)));
    expect(logins.map((l) => l.status)).toEqual(people.map(() => 302));

    const groups = await f.sesame.db.query<{ name: string; n: string }>(
      `SELECT lower(name) AS name, count(*) AS n FROM groups WHERE name LIKE 'race-%' GROUP BY 1 ORDER BY 1`,
    );
    expect(groups.map((g) => `${g.name}:${g.n}`)).toEqual(['race-four:1', 'race-one:1', 'race-three:1', 'race-two:1']);
    for (const [i, p] of people.entries()) {
      const profile = await me(f, logins[i]!.browser);
      expect(profile.body).toMatchObject({ username: p.username });
      expect([...(profile.body.groups as string[])].sort()).toEqual(['crowd-staff', ...names].sort());
    }
    expect(serverErrors()).toEqual([]);
    expect(retries().filter((code) => code !== '23505')).toEqual([]);
  });

  it('200 first logins of 50 people at once (4 each), some with local accounts: no 5xx, one user, one link and one of each group', async () => {
    const PEOPLE = 50;
    const EACH = 4;
    const pool = Array.from({ length: 8 }, (_, i) => `load-g${i}`);
    const people = Array.from({ length: PEOPLE }, (_, i) => {
      const groups = [pool[i % 8]!, pool[(i + 3) % 8]!, pool[(i + 5) % 8]!];
      return person(f, { username: `load${i}`, groups: i % 2 === 0 ? groups : [...groups].reverse() });
    });
    // Every fifth person already has a local account that the first login must link, once.
    const localIds = new Map<string, string>();
    for (const p of people.filter((_, i) => i % 5 === 0)) {
      localIds.set(p.username, await createLocalUser(f, { username: p.username, email: p.email }));
    }
    const errorsBefore = serverErrors().length;
    const started = Date.now();
    const outcomes = await Promise.all(
      people.flatMap((p) => Array.from({ length: EACH }, () => signInAs(f, p.sub).catch((error: unknown) => String(error)))),
    );
    const seconds = (Date.now() - started) / 1000;

    // On failure, show what Sesame logged (the error lines too), not only the first broken login.
    const errorLines = f.sesame.logs.filter((line) => Number(line.level) >= 50).slice(-5);
    expect({ failed: outcomes.filter((o) => typeof o === 'string'), serverErrors: serverErrors().slice(errorsBefore) }).toEqual({
      failed: [],
      serverErrors: [],
      ...(serverErrors().length > errorsBefore ? { errorLines } : {}),
    });
    const logins = outcomes.filter((o): o is SignIn => typeof o !== 'string');
    expect(logins.map((l) => l.status).filter((status) => status !== 302)).toEqual([]);
    expect(seconds).toBeLessThan(60);
    const users = await f.sesame.db.query<{ username: string; n: string }>(
      `SELECT lower(username) AS username, count(*) AS n FROM users WHERE username LIKE 'load%' GROUP BY 1`,
    );
    expect(users).toHaveLength(PEOPLE);
    expect(users.filter((u) => u.n !== '1')).toEqual([]);
    const links = await f.sesame.db.query<{ subject: string; n: string; username: string }>(
      `SELECT i.subject, count(*) AS n, min(u.username) AS username FROM user_identities i JOIN users u ON u.id = i.user_id
       WHERE i.provider_id = $1 AND u.username LIKE 'load%' GROUP BY 1`,
      [f.provider.id],
    );
    expect(links.map((l) => `${l.subject}:${l.n}`).sort()).toEqual(people.map((p) => `${p.sub}:1`).sort());
    for (const [username, id] of localIds) {
      expect(await f.sesame.db.query(`SELECT 1 FROM users WHERE id = $1 AND username = $2`, [id, username])).toHaveLength(1);
    }
    const groups = await f.sesame.db.query<{ name: string; n: string }>(
      `SELECT lower(name) AS name, count(*) AS n FROM groups WHERE name LIKE 'load-g%' GROUP BY 1 ORDER BY 1`,
    );
    expect(groups.map((g) => `${g.name}:${g.n}`)).toEqual(pool.map((name) => `${name}:1`));
    const memberships = await f.sesame.db.query<{ username: string; groups: string }>(
      `SELECT u.username, string_agg(g.name, ',' ORDER BY g.name) AS groups FROM users u
       JOIN memberships m ON m.user_id = u.id JOIN groups g ON g.id = m.group_id WHERE u.username LIKE 'load%' GROUP BY 1`,
    );
    const expected = (p: (typeof people)[number]) =>
      [...p.groups, ...(localIds.has(p.username) ? [] : ['crowd-staff'])].sort((a, b) => (a < b ? -1 : 1)).join(',');
    expect(new Map(memberships.map((m) => [m.username, m.groups]))).toEqual(new Map(people.map((p) => [p.username, expected(p)])));
    // Each login signed in the one user of its person.
    const sample = await Promise.all(logins.filter((_, i) => i % 10 === 0).map((l) => me(f, l.browser)));
    expect(sample.map((m) => m.status)).toEqual(sample.map(() => 200));
    expect(retries().filter((code) => code !== '23505')).toEqual([]);
    console.log(`200 concurrent first logins of 50 people: ${seconds.toFixed(1)} s, ${retries().length} retries so far in this file`);
  });
});
