import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestSesame, TEST_ADMIN_TOKEN, type TestSesame } from '../support/test-sesame.js';

/** Admin changes through the real API land in the audit log with who, what, before and after — and no secret. */
describe('audit log of admin changes', () => {
  let sesame: TestSesame;
  let adminActor: string;
  beforeAll(async () => {
    sesame = await startTestSesame();
    const [token] = await sesame.db.query<{ id: string }>(`SELECT id FROM api_tokens WHERE name = 'SESAME_ADMIN_TOKEN'`);
    adminActor = `api-token:SESAME_ADMIN_TOKEN (${token!.id})`;
  });
  afterAll(() => sesame?.close());

  const json = async (response: Response) => (await response.json()) as Record<string, any>;

  /** The admin_change events about one entity, oldest first, straight from the table. */
  async function changesOf(entityId: string): Promise<Record<string, any>[]> {
    return sesame.db.query(
      `SELECT type, outcome, actor, ip, request_id, user_agent, details, details::text AS raw
       FROM audit_events WHERE type = 'admin_change' AND details->>'entityId' = $1 ORDER BY id`,
      [entityId],
    );
  }

  it('records a user created, updated, given a password and deleted, never with the password or its hash', async () => {
    const password = 'correct horse battery staple';
    const created = await sesame.admin('/api/admin/users', {
      method: 'POST',
      body: { username: 'alice', email: 'alice@example.com', password },
    });
    const user = await json(created);
    await sesame.admin(`/api/admin/users/${user.id}`, { method: 'PATCH', body: { displayName: 'Alice A.' } });
    await sesame.admin(`/api/admin/users/${user.id}/password`, { method: 'PUT', body: { password: 'another long passphrase' } });
    await sesame.admin(`/api/admin/users/${user.id}`, { method: 'DELETE' });

    const events = await changesOf(user.id);
    expect(events.map((e) => [e.details.action, e.details.entity])).toEqual([
      ['create', 'user'],
      ['update', 'user'],
      ['update', 'user'],
      ['delete', 'user'],
    ]);
    for (const event of events) {
      expect(event).toMatchObject({ outcome: 'success', actor: adminActor, ip: '127.0.0.1' });
      expect(event.request_id).toMatch(/^[0-9a-f-]{36}$/);
      expect(event.raw).not.toContain(password);
      expect(event.raw).not.toContain('another long passphrase');
      expect(event.raw).not.toContain('argon2');
    }
    const [create, update, passwordChange, remove] = events;
    expect(create!.request_id).toBe(created.headers.get('x-request-id'));
    expect(create!.details).toMatchObject({ before: null, after: { username: 'alice', email: 'alice@example.com', hasPassword: true } });
    expect(update!.details).toMatchObject({ before: { displayName: null }, after: { displayName: 'Alice A.' } });
    expect(update!.details.changed).toEqual(['displayName', 'updatedAt']);
    expect(passwordChange!.details.after.hasPassword).toBe(true);
    expect(remove!.details).toMatchObject({ before: { username: 'alice' }, after: null });
  });

  it('records groups and memberships', async () => {
    const group = await json(await sesame.admin('/api/admin/groups', { method: 'POST', body: { name: 'devs' } }));
    const user = await json(await sesame.admin('/api/admin/users', { method: 'POST', body: { username: 'bob' } }));
    await sesame.admin(`/api/admin/groups/${group.id}`, { method: 'PATCH', body: { description: 'Builders' } });
    await sesame.admin(`/api/admin/groups/${group.id}/members`, { method: 'POST', body: { userId: user.id } });
    await sesame.admin(`/api/admin/groups/${group.id}/members/${user.id}`, { method: 'DELETE' });
    await sesame.admin(`/api/admin/groups/${group.id}`, { method: 'DELETE' });

    const groupEvents = await changesOf(group.id);
    expect(groupEvents.map((e) => e.details.action)).toEqual(['create', 'update', 'delete']);
    expect(groupEvents[1]!.details).toMatchObject({
      entity: 'group',
      changed: ['description', 'updatedAt'],
      before: { name: 'devs', description: null },
      after: { name: 'devs', description: 'Builders' },
    });
    const membership = await changesOf(`${group.id}/${user.id}`);
    expect(membership.map((e) => [e.details.action, e.details.entity])).toEqual([
      ['create', 'membership'],
      ['delete', 'membership'],
    ]);
    expect(membership[0]!.details.after).toEqual({ groupId: group.id, userId: user.id, origin: 'manual' });
  });

  it('records API tokens without the token, and names the token that made each change', async () => {
    const created = await json(
      await sesame.admin('/api/admin/api-tokens', { method: 'POST', body: { name: 'terraform', scope: 'admin' } }),
    );
    expect(created.token).toMatch(/^ses_/);
    const byTerraform = await json(
      await sesame.admin('/api/admin/users', { method: 'POST', body: { username: 'carol' }, token: created.token }),
    );
    await sesame.admin(`/api/admin/api-tokens/${created.id}`, { method: 'DELETE' });

    const tokenEvents = await changesOf(created.id);
    expect(tokenEvents.map((e) => e.details.action)).toEqual(['create', 'delete']);
    expect(tokenEvents[0]!.details.after).toMatchObject({ name: 'terraform', scope: 'admin', tokenPrefix: '[redacted]' });
    expect(tokenEvents[1]!.details.after.revokedAt).toEqual(expect.any(String));
    expect(tokenEvents[1]!.details.before.revokedAt).toBeNull();

    const [carol] = await changesOf(byTerraform.id);
    expect(carol!.actor).toBe(`api-token:terraform (${created.id})`);

    const everything = await sesame.db.query<{ raw: string }>(`SELECT string_agg(details::text, ' ') AS raw FROM audit_events`);
    expect(everything[0]!.raw).not.toContain(created.token);
    expect(everything[0]!.raw).not.toContain(created.token.slice(0, 10));
    expect(everything[0]!.raw).not.toContain(TEST_ADMIN_TOKEN);
  });

  it('records nothing for a change that was refused', async () => {
    const before = await sesame.db.query<{ n: string }>(`SELECT count(*) AS n FROM audit_events`);
    expect((await sesame.admin('/api/admin/users', { method: 'POST', body: { username: 'has space' } })).status).toBe(400);
    expect((await sesame.admin('/api/admin/users/00000000-0000-4000-8000-000000000000', { method: 'DELETE' })).status).toBe(404);
    const after = await sesame.db.query<{ n: string }>(`SELECT count(*) AS n FROM audit_events`);
    expect(after[0]!.n).toBe(before[0]!.n);
  });

  it('refuses to rewrite an event: the table is append-only', async () => {
    await sesame.db.query(`INSERT INTO audit_events (type, outcome) VALUES ('logout', 'success')`);
    await expect(sesame.db.query(`UPDATE audit_events SET actor = 'someone else'`)).rejects.toThrow(/append-only/);
  });
});
