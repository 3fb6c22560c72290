import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { AccountsRepository, MembershipsRepository } from '../../src/modules/directory/index.js';
import { loadSessionPrincipal } from '../../src/modules/session/application/session-principal.js';
import { SessionsRepository } from '../../src/modules/session/infrastructure/sessions.repository.js';
import { StringPool } from '../../src/modules/session/application/string-pool.js';
import { hashSessionToken, newSessionToken } from '../../src/modules/session/application/session-token.js';
import { openMediumDatabase, type MediumDatabase } from '../support/medium-database.js';

/**
 * The session check reads its user and provider through the views the directory and the
 * provider module publish (directory_accounts, provider_registrations), in one query.
 */
describe('session principal through the published views', () => {
  let m: MediumDatabase;
  let providerId: string;
  let userId: string;
  const accounts = new AccountsRepository();
  const memberships = new MembershipsRepository();
  const now = new Date();
  const pool = new StringPool();

  const session = async (provider: string | null) => {
    const token = newSessionToken();
    await m.db.query(
      `INSERT INTO sessions (token_hash, user_id, provider_id, method, created_at, last_seen_at, expires_at)
       VALUES ($1, $2, $3, 'sso', $4, $4, $5)`,
      [hashSessionToken(token), userId, provider, now, new Date(now.getTime() + 3_600_000)],
    );
    return token;
  };

  beforeAll(async () => {
    m = await openMediumDatabase();
    const rows = await m.db.query<{ id: string }>(
      `INSERT INTO providers (slug, display_name, kind, preset, client_id, scopes, client_auth_method)
       VALUES ('medium', 'Medium IdP', 'oidc', 'generic', 'client', '{openid}', 'client_secret_basic') RETURNING id`,
    );
    providerId = rows[0]!.id;
    const db = m.dataSource.manager;
    userId = await accounts.createUser(
      db,
      { username: 'ada', email: 'ada@example.com', emailVerified: true, firstName: null, lastName: null, displayName: 'Ada' },
      now,
    );
    await memberships.set(db, userId, 'sso', ['zeta', 'Alpha', 'beta']);
  });
  afterAll(() => m?.close());

  it('reads the user, its groups sorted case-insensitively and the provider in one query', async () => {
    const loaded = await loadSessionPrincipal(new SessionsRepository(m.dataSource), await session(providerId), pool);
    expect(loaded?.usable).toBe(true);
    expect(loaded?.principal).toMatchObject({
      userId,
      username: 'ada',
      email: 'ada@example.com',
      displayName: 'Ada',
      providerId,
      groups: ['Alpha', 'beta', 'zeta'],
    });
    expect(['alpha', 'beta', 'zeta', 'Alpha', 'gamma'].map((name) => loaded!.principal.groupSet.has(name))).toEqual([
      true,
      true,
      true,
      false,
      false,
    ]);
  });

  it('an unknown token has no principal', async () => {
    expect(await loadSessionPrincipal(new SessionsRepository(m.dataSource), newSessionToken(), pool)).toBeNull();
  });

  it('is not usable once the provider is switched off, and usable without a provider (backdoor)', async () => {
    const token = await session(providerId);
    const local = await session(null);
    await m.db.query(`UPDATE providers SET enabled = false WHERE id = $1`, [providerId]);
    expect((await loadSessionPrincipal(new SessionsRepository(m.dataSource), token, pool))?.usable).toBe(false);
    expect((await loadSessionPrincipal(new SessionsRepository(m.dataSource), local, pool))?.usable).toBe(true);
    await m.db.query(`UPDATE providers SET enabled = true WHERE id = $1`, [providerId]);
  });

  it('is not usable once the user is switched off', async () => {
    const token = await session(providerId);
    await accounts.setActive(m.dataSource.manager, userId, false, now);
    expect((await loadSessionPrincipal(new SessionsRepository(m.dataSource), token, pool))?.usable).toBe(false);
  });
});
