import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestSesame, type TestSesame } from '../support/test-sesame.js';

describe('directory admin API', () => {
  let sesame: TestSesame;
  beforeAll(async () => {
    sesame = await startTestSesame();
  });
  afterAll(() => sesame?.close());

  const json = async (response: Response) => ({ status: response.status, body: (await response.json()) as Record<string, any> });

  it('creates, reads, updates and deletes a user; the password hash never leaves', async () => {
    const created = await json(
      await sesame.admin('/api/admin/users', {
        method: 'POST',
        body: { username: 'Alice', email: 'Alice@Example.com', firstName: 'Alice', password: 'correct horse battery' },
      }),
    );
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ username: 'Alice', email: 'Alice@Example.com', hasPassword: true, active: true });
    expect(JSON.stringify(created.body)).not.toMatch(/argon2|passwordHash|correct horse/);

    const [row] = await sesame.db.query<{ password_hash: string }>('SELECT password_hash FROM users WHERE id = $1', [created.body.id]);
    expect(row!.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,p=1,t=2\$/);

    const updated = await json(
      await sesame.admin(`/api/admin/users/${created.body.id}`, { method: 'PATCH', body: { displayName: 'Alice A.', active: false } }),
    );
    expect(updated.body).toMatchObject({ displayName: 'Alice A.', active: false, firstName: 'Alice' });

    expect((await sesame.admin(`/api/admin/users/${created.body.id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await sesame.admin(`/api/admin/users/${created.body.id}`)).status).toBe(404);
  });

  it('answers 409 naming the field for a duplicate username or email, case-insensitively', async () => {
    await sesame.admin('/api/admin/users', { method: 'POST', body: { username: 'bob', email: 'bob@example.com' } });
    const sameName = await json(await sesame.admin('/api/admin/users', { method: 'POST', body: { username: 'BOB' } }));
    expect(sameName).toMatchObject({ status: 409, body: { code: 'CONFLICT', field: 'username' } });
    const sameEmail = await json(
      await sesame.admin('/api/admin/users', { method: 'POST', body: { username: 'robert', email: 'BOB@example.com' } }),
    );
    expect(sameEmail).toMatchObject({ status: 409, body: { code: 'CONFLICT', field: 'email' } });
  });

  it('answers 400 with each field and its reason for invalid input', async () => {
    const response = await json(
      await sesame.admin('/api/admin/users', { method: 'POST', body: { username: 'has space', email: 'nope', admin: true } }),
    );
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('VALIDATION_FAILED');
    const fields = (response.body.errors as { field: string }[]).map((e) => e.field).sort();
    expect(fields).toEqual(['admin', 'email', 'username']);
  });

  it('answers 404 for unknown ids and 400 for malformed ones', async () => {
    expect((await sesame.admin('/api/admin/users/00000000-0000-4000-8000-000000000000')).status).toBe(404);
    expect((await sesame.admin('/api/admin/groups/not-a-uuid')).status).toBe(400);
  });

  it('pages through users with a cursor and searches by prefix', async () => {
    for (let i = 0; i < 7; i++) {
      await sesame.admin('/api/admin/users', { method: 'POST', body: { username: `page-user-${i}`, email: `pu${i}@corp.example` } });
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: Record<string, any> } = await json(
        await sesame.admin(`/api/admin/users?search=page-user&limit=3${cursor ? `&cursor=${cursor}` : ''}`),
      );
      seen.push(...page.body.items.map((u: { username: string }) => u.username));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual([0, 1, 2, 3, 4, 5, 6].map((i) => `page-user-${i}`));
    const byEmail = await json(await sesame.admin('/api/admin/users?search=PU3@'));
    expect(byEmail.body.items.map((u: { username: string }) => u.username)).toEqual(['page-user-3']);
    expect((await sesame.admin('/api/admin/users?cursor=garbage')).status).toBe(400);
  });

  it('a search pages through matches of any column in one order, each person once', async () => {
    const people = [
      { username: 'mix-a', email: 'zed-a@corp.example', displayName: 'Somebody' },
      { username: 'zed-b', email: 'other-b@corp.example', displayName: 'Nobody' },
      { username: 'mix-c', email: 'zed-c@corp.example', displayName: 'Zed Both' },
      { username: 'none-d', email: 'none-d@corp.example', displayName: 'Zedekiah' },
      { username: 'zed-e', email: 'zed-e@corp.example', displayName: 'Zed All' },
      { username: 'apart', email: 'apart@corp.example', displayName: 'Apart' },
    ];
    for (const body of people) expect((await sesame.admin('/api/admin/users', { method: 'POST', body })).status).toBe(201);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: Record<string, any> } = await json(
        await sesame.admin(`/api/admin/users?search=ZED&limit=2${cursor ? `&cursor=${cursor}` : ''}`),
      );
      seen.push(...page.body.items.map((u: { username: string }) => u.username));
      cursor = page.body.nextCursor;
    } while (cursor);
    // By username, by email, by display name, and by all three at once: once each, in username order.
    expect(seen).toEqual(['mix-a', 'mix-c', 'none-d', 'zed-b', 'zed-e']);
  });

  it('manages groups and members; deleting a group removes memberships, never users', async () => {
    const group = await json(
      await sesame.admin('/api/admin/groups', { method: 'POST', body: { name: 'Developers', description: 'Builders' } }),
    );
    expect(group.status).toBe(201);
    expect((await json(await sesame.admin('/api/admin/groups', { method: 'POST', body: { name: 'developers' } }))).body).toMatchObject({
      code: 'CONFLICT',
      field: 'name',
    });
    const user = await json(await sesame.admin('/api/admin/users', { method: 'POST', body: { username: 'carol' } }));
    expect(
      (await sesame.admin(`/api/admin/groups/${group.body.id}/members`, { method: 'POST', body: { userId: user.body.id } })).status,
    ).toBe(204);

    const members = await json(await sesame.admin(`/api/admin/groups/${group.body.id}/members`));
    expect(members.body.items).toEqual([expect.objectContaining({ username: 'carol', origin: 'manual' })]);
    const carol = await json(await sesame.admin(`/api/admin/users/${user.body.id}`));
    expect(carol.body.groups).toEqual([{ id: group.body.id, name: 'Developers', origin: 'manual' }]);

    expect((await sesame.admin(`/api/admin/groups/${group.body.id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await sesame.admin(`/api/admin/users/${user.body.id}`)).status).toBe(200);
    const memberships = await sesame.db.query('SELECT * FROM memberships WHERE user_id = $1', [user.body.id]);
    expect(memberships).toEqual([]);
  });

  it('removes a member and answers 404 when the membership does not exist', async () => {
    const group = await json(await sesame.admin('/api/admin/groups', { method: 'POST', body: { name: 'ops' } }));
    const user = await json(await sesame.admin('/api/admin/users', { method: 'POST', body: { username: 'dave' } }));
    await sesame.admin(`/api/admin/groups/${group.body.id}/members`, { method: 'POST', body: { userId: user.body.id } });
    expect((await sesame.admin(`/api/admin/groups/${group.body.id}/members/${user.body.id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await sesame.admin(`/api/admin/groups/${group.body.id}/members/${user.body.id}`, { method: 'DELETE' })).status).toBe(404);
  });
});
