import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ResyncIdentitiesRepository } from '../../src/modules/login/infrastructure/resync-identities.repository.js';
import { openMediumDatabase, type MediumDatabase } from '../support/medium-database.js';

/** The re-sync queue on the real database: claims never overlap, leases hold, due times are kept. */
describe('the re-sync queue (FOR UPDATE SKIP LOCKED)', () => {
  let m: MediumDatabase;
  let repository: ResyncIdentitiesRepository;
  let providerId: string;
  const now = new Date('2026-03-01T10:00:00Z');
  const at = (seconds: number) => new Date(now.getTime() + seconds * 1000);

  beforeAll(async () => {
    m = await openMediumDatabase();
    repository = new ResyncIdentitiesRepository(m.dataSource);
    [{ id: providerId }] = (await m.db.query<{ id: string }>(
      `INSERT INTO providers (slug, display_name, kind, preset, client_id, scopes, client_auth_method)
       VALUES ('queue', 'Queue IdP', 'oidc', 'generic', 'client', '{openid}', 'client_secret_basic') RETURNING id`,
    )) as [{ id: string }];
    for (let i = 0; i < 40; i++) {
      const [{ id: userId }] = (await m.db.query<{ id: string }>(`INSERT INTO users (username) VALUES ($1) RETURNING id`, [
        `person${i}`,
      ])) as [{ id: string }];
      await m.dataSource.transaction((tx) =>
        repository.keep(tx, {
          providerId,
          userId,
          subject: `sub-${i}`,
          refreshTokenSealed: 'sealed',
          graphGroups: false,
          activeUntil: at(3600),
          // Ten are not due yet; one is due but nobody is signed in any more.
          dueAt: i < 30 ? at(-60 + i) : at(600),
        }),
      );
    }
    await m.db.query(`UPDATE resync_identities SET active_until = $1 WHERE subject = 'sub-0'`, [at(-1)]);
  });
  afterAll(() => m?.close());

  it('concurrent claims share the due people without overlap, and a lease keeps them from a second claim', async () => {
    const claims = await Promise.all(Array.from({ length: 4 }, () => repository.claim({ providerId, due: true }, now, 60_000, 10)));
    const ids = claims.flat().map((r) => r.subject);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.sort()).toEqual(Array.from({ length: 29 }, (_, i) => `sub-${i + 1}`).sort());
    expect(await repository.claim({ providerId, due: true }, at(30), 60_000, 100)).toEqual([]);
    // Once the lease has run out (a crashed instance), the people are claimed again.
    expect(await repository.claim({ providerId, due: true }, at(61), 60_000, 100)).toHaveLength(29);
  });

  it('finish sets the next due time and ends the lease; an on-demand claim takes people not yet due', async () => {
    const [row] = await repository.claim({ providerId, due: false }, at(200), 60_000, 1);
    await repository.finish(row!.id, { dueAt: at(5000), failures: 0, outcome: 'unchanged', refreshTokenSealed: 'resealed' }, at(200));
    const [stored] = await m.db.query<{ due_at: Date; leased_until: Date | null; refresh_token_sealed: string; last_outcome: string }>(
      `SELECT due_at, leased_until, refresh_token_sealed, last_outcome FROM resync_identities WHERE id = $1`,
      [row!.id],
    );
    expect(stored).toMatchObject({ leased_until: null, refresh_token_sealed: 'resealed', last_outcome: 'unchanged' });
    expect(new Date(stored!.due_at).getTime()).toBe(at(5000).getTime());
    expect(await repository.dueProviders(at(200))).toEqual([providerId]);
  });

  it('a later login of the same identity replaces its token and makes it due again', async () => {
    const [{ user_id: userId }] = (await m.db.query<{ user_id: string }>(
      `SELECT user_id FROM resync_identities WHERE subject = 'sub-35'`,
    )) as [{ user_id: string }];
    await m.dataSource.transaction((tx) =>
      repository.keep(tx, {
        providerId,
        userId,
        subject: 'sub-35',
        refreshTokenSealed: 'newer',
        graphGroups: true,
        activeUntil: at(100),
        dueAt: at(10),
      }),
    );
    const rows = await m.db.query<{ refresh_token_sealed: string; graph_groups: boolean; active_until: Date }>(
      `SELECT refresh_token_sealed, graph_groups, active_until FROM resync_identities WHERE subject = 'sub-35'`,
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ refresh_token_sealed: 'newer', graph_groups: true });
    // The longest-lived session decides how long the identity is worth re-checking.
    expect(new Date(rows[0]!.active_until).getTime()).toBe(at(3600).getTime());
  });
});
