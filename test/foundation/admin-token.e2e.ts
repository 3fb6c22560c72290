import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestSesame, type TestSesame } from '../support/test-sesame.js';

/** SESAME_ADMIN_TOKEN as the README tells operators to make it: `openssl rand -hex 32`. */
const HEX_TOKEN = randomBytes(32).toString('hex');

describe('SESAME_ADMIN_TOKEN of the operator’s choosing', () => {
  let sesame: TestSesame;
  beforeAll(async () => {
    sesame = await startTestSesame({ env: { SESAME_ADMIN_TOKEN: HEX_TOKEN } });
  });
  afterAll(() => sesame?.close());

  it('authenticates a hex token without Sesame’s prefix, and still refuses a wrong one', async () => {
    expect((await sesame.admin('/api/admin/users', { token: HEX_TOKEN })).status).toBe(200);
    expect((await sesame.admin('/api/admin/users', { token: HEX_TOKEN.slice(0, -1) + 'x' })).status).toBe(401);
    expect((await sesame.admin('/api/admin/users', { token: HEX_TOKEN.slice(0, 23) })).status).toBe(401);
  });

  it('shows no token list reader any part of the configured or a generated token', async () => {
    const created = await sesame.admin('/api/admin/api-tokens', {
      method: 'POST',
      token: HEX_TOKEN,
      body: { name: 'reader', scope: 'read' },
    });
    expect(created.status).toBe(201);
    const reader = (await created.json()) as { token: string; tokenPrefix: string; id: string };
    const response = await sesame.admin('/api/admin/api-tokens', { token: reader.token });
    expect(response.status).toBe(200);
    const list = (await response.json()) as { id: string; name: string; tokenPrefix: string }[];
    expect(list.map((t) => t.name).sort()).toEqual(['SESAME_ADMIN_TOKEN', 'reader']);
    for (const entry of list) expect(entry.tokenPrefix).toBe(`ses_…${entry.id.slice(0, 8)}`);
    const text = JSON.stringify(list);
    // No run of the secrets (the old list showed their first ten characters); windows of 8 so ids can't collide by chance.
    for (let i = 0; i + 8 <= HEX_TOKEN.length; i++) expect(text).not.toContain(HEX_TOKEN.slice(i, i + 8));
    for (let i = 4; i + 8 <= reader.token.length; i++) expect(text).not.toContain(reader.token.slice(i, i + 8));
    expect(reader.tokenPrefix).toBe(`ses_…${reader.id.slice(0, 8)}`);
    const stored = await sesame.db.query<{ token_prefix: string }>(`SELECT token_prefix FROM api_tokens`);
    expect(stored.map((r) => r.token_prefix).join()).not.toContain(HEX_TOKEN.slice(0, 6));
  });
});
