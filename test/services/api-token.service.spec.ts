import { createHash, randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { ApiTokenModule, ApiTokenService } from '../../src/modules/api-token/index.js';
import { createLogger } from '../../src/common/logger.js';
import { startTestServices, type TestServices } from '../support/test-services.js';

/** API tokens on a real database: only a hash is stored, revocation is final, the bootstrap token is registered once. */
describe('ApiTokenService on the database', () => {
  let services: TestServices;
  let tokens: ApiTokenService;
  beforeAll(async () => {
    services = await startTestServices([ApiTokenModule]);
    tokens = services.get(ApiTokenService);
  });
  afterAll(() => services?.close());
  // Each test starts with no token at all.
  beforeEach(() => services.db.query(`DELETE FROM api_tokens`));

  const rows = () =>
    services.db.query<{ id: string; name: string; token_hash: Buffer; token_prefix: string; revoked_at: Date | null }>(
      `SELECT id, name, token_hash, token_prefix, revoked_at FROM api_tokens ORDER BY created_at`,
    );
  const silentLogger = () => {
    const lines: string[] = [];
    const sink = new Writable({ write: (chunk, _e, done) => (lines.push(String(chunk)), done()) });
    return { logger: createLogger('info', sink), lines };
  };

  it('stores only the SHA-256 of a new token and shows the row id, never the token, as its prefix', async () => {
    const { token, entity } = await tokens.create('ci', 'read');
    expect(token).toMatch(/^ses_[A-Za-z0-9_-]{43}$/);
    expect(entity).not.toHaveProperty('tokenHash');
    const [row] = await rows();
    expect(row!.token_hash.equals(createHash('sha256').update(token).digest())).toBe(true);
    expect(row!.token_prefix).toBe(`ses_…${row!.id.slice(0, 8)}`);
    expect(row!.token_prefix).not.toContain(token.slice(4, 8));
  });

  it('verifies a token to its name and scope until it is revoked, and not after', async () => {
    const { token, entity } = await tokens.create('deploy', 'admin');
    expect(await tokens.verify(token)).toEqual({ kind: 'token', tokenId: entity.id, name: 'deploy', scope: 'admin' });
    await tokens.revoke(entity.id);
    expect(await tokens.verify(token)).toBeNull();
    // Revoking again is harmless; an unknown id is NOT_FOUND.
    await expect(tokens.revoke(entity.id)).resolves.toBeUndefined();
    await expect(tokens.revoke(randomUUID())).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it.each([
    ['a token one character short of the floor', 'x'.repeat(23)],
    ['a token longer than any Sesame accepts', 'x'.repeat(201)],
    ['a token of a good length that was never issued', 'ses_' + 'y'.repeat(43)],
  ])('refuses %s', async (_case, candidate) => {
    await tokens.create('ci', 'admin');
    expect(await tokens.verify(candidate)).toBeNull();
  });

  it('registers SESAME_ADMIN_TOKEN once, however many times Sesame starts', async () => {
    const { logger } = silentLogger();
    const configured = 'an operator chosen token of 32 chars';
    await tokens.ensureBootstrapToken(configured, logger);
    await tokens.ensureBootstrapToken(configured, logger);
    expect((await rows()).map((r) => r.name)).toEqual(['SESAME_ADMIN_TOKEN']);
    expect(await tokens.verify(configured)).toMatchObject({ name: 'SESAME_ADMIN_TOKEN', scope: 'admin' });
  });

  it('generates a first admin token only when none exists, and prints it once', async () => {
    const first = silentLogger();
    await tokens.ensureBootstrapToken(undefined, first.logger);
    const printed = /ses_[A-Za-z0-9_-]{43}/.exec(first.lines.join(''))?.[0];
    expect(printed).toBeDefined();
    expect(await tokens.verify(printed!)).toMatchObject({ scope: 'admin' });
    const second = silentLogger();
    await tokens.ensureBootstrapToken(undefined, second.logger);
    expect(await rows()).toHaveLength(1);
    expect(second.lines.join('')).not.toMatch(/ses_/);
  });

  it('records when a token was last used', async () => {
    const { token, entity } = await tokens.create('ci', 'read');
    await tokens.verify(token);
    // The write is not awaited by verify(): a request never waits on it.
    const used = async () =>
      (await services.db.query<{ used: boolean }>(`SELECT last_used_at IS NOT NULL AS used FROM api_tokens WHERE id = $1`, [entity.id]))[0]!
        .used;
    for (let i = 0; i < 50 && !(await used()); i++) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(await used()).toBe(true);
  });
});
