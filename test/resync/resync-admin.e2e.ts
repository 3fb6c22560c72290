import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DEMO_USERS } from '../../src/modules/demo/index.js';
import { mapProviderGroups } from '../session/session-helpers.js';
import { startSsoFixture, type SsoFixture } from '../support/sso-fixture.js';
import { changeUser, forwardAuth, removeUser, signIn } from './resync-helpers.js';

type Json = Record<string, any>;

/** An administrator's "re-sync now", for a user and for a provider, answering what happened. */
describe('POST /api/admin/users/{id}/resync and /api/admin/providers/{id}/resync', () => {
  let f: SsoFixture;
  beforeAll(async () => {
    f = await startSsoFixture({
      users: [
        ...DEMO_USERS.map((u) => ({ ...u })),
        { ...DEMO_USERS[1]!, sub: 'demo-carol', username: 'carol', email: 'carol@example.com' },
      ],
      // An hour between background re-syncs: every re-sync in this file is one an administrator asked for.
      provider: { resync: { enabled: true, intervalSeconds: 3600 }, authorizeParams: { prompt: 'consent' } },
    });
    await mapProviderGroups(f.sesame, f.provider.id, { keepExistingGroups: false });
  });
  afterAll(async () => {
    await f?.close();
  });

  const userId = async (username: string) =>
    (await f.sesame.db.query<{ id: string }>(`SELECT id FROM users WHERE username = $1`, [username]))[0]!.id;
  const resync = async (path: string) => {
    const response = await f.sesame.admin(path, { method: 'POST' });
    return { status: response.status, body: (await response.json()) as Json };
  };

  it('a user: unchanged, then changed with the groups and rules, then ended when the provider has removed the person', async () => {
    const cookie = await signIn(f, 'alice');
    const id = await userId('alice');
    const same = await resync(`/api/admin/users/${id}/resync`);
    expect(same.status).toBe(200);
    expect(same.body.counts).toEqual({ changed: 0, unchanged: 1, ended: 0, failed: 0, skipped: 0 });
    expect(same.body.results[0]).toMatchObject({ providerId: f.provider.id, userId: id, result: 'unchanged' });

    changeUser(f, 'alice', { groups: ['developers', 'ops'], givenName: 'Alicia' });
    const changed = await resync(`/api/admin/users/${id}/resync`);
    expect(changed.body.counts.changed).toBe(1);
    expect(changed.body.results[0].groupsAdded).toEqual([expect.stringMatching(/^ops \(on-the-fly/)]);
    expect(changed.body.results[0].groupsRemoved).toEqual([expect.stringMatching(/^admins \(/)]);
    expect(changed.body.results[0].profileChanged).toContain('firstName');
    // The change reached the live session's identity headers at once.
    expect(await forwardAuth(f, cookie)).toEqual({ status: 200, groups: 'developers,ops' });

    removeUser(f, 'alice');
    const ended = await resync(`/api/admin/users/${id}/resync`);
    expect(ended.body.counts.ended).toBe(1);
    expect(ended.body.results[0].rule).toContain('invalid_grant');
    expect((await forwardAuth(f, cookie)).status).toBe(401);
    // Nothing left to re-sync until the person signs in again.
    expect((await resync(`/api/admin/users/${id}/resync`)).body).toEqual({
      counts: { changed: 0, unchanged: 0, ended: 0, failed: 0, skipped: 0 },
      results: [],
    });
  });

  it('a provider: everyone signed in through it, counted by result', async () => {
    await signIn(f, 'bob');
    const carol = await signIn(f, 'carol');
    changeUser(f, 'carol', { groups: ['sales', 'support'] });
    const answer = await resync(`/api/admin/providers/${f.provider.slug}/resync`);
    expect(answer.status).toBe(200);
    expect(answer.body.counts).toEqual({ changed: 1, unchanged: 1, ended: 0, failed: 0, skipped: 0 });
    expect(await forwardAuth(f, carol)).toEqual({ status: 200, groups: 'sales,support' });
  });

  it('a person whose sessions were all revoked is skipped and dropped from the queue', async () => {
    const cookie = await signIn(f, 'bob');
    expect((await f.sesame.admin(`/api/admin/users/${await userId('bob')}/sessions`, { method: 'DELETE' })).status).toBeLessThan(300);
    expect((await forwardAuth(f, cookie)).status).toBe(401);
    const answer = await resync(`/api/admin/users/${await userId('bob')}/resync`);
    expect(answer.body.counts.skipped).toBe(1);
    expect(answer.body.results[0].rule).toBe('nobody is signed in through this identity');
    expect(await f.sesame.db.query(`SELECT 1 FROM resync_identities WHERE user_id = $1`, [await userId('bob')])).toEqual([]);
  });

  it('refuses a bad user id (400), an unknown user or provider (404), and a caller without a token (401)', async () => {
    expect((await f.sesame.admin('/api/admin/users/not-a-uuid/resync', { method: 'POST' })).status).toBe(400);
    expect((await f.sesame.admin('/api/admin/users/00000000-0000-4000-8000-000000000000/resync', { method: 'POST' })).status).toBe(404);
    expect((await f.sesame.admin('/api/admin/providers/nobody/resync', { method: 'POST' })).status).toBe(404);
    expect((await f.sesame.admin(`/api/admin/providers/${f.provider.id}/resync`, { method: 'POST', token: null })).status).toBe(401);
  });

  it('is in Swagger, and the provider setting is validated with the field named', async () => {
    const spec = (await (await fetch(`${f.url}/api/docs-json`)).json()) as Json;
    expect(Object.keys(spec.paths)).toEqual(
      expect.arrayContaining(['/api/admin/users/{id}/resync', '/api/admin/providers/{idOrSlug}/resync']),
    );
    expect(spec.components.schemas.ResyncDto.properties.intervalSeconds).toMatchObject({ minimum: 1, maximum: 86400 });
    const bad = await f.sesame.admin(`/api/admin/providers/${f.provider.id}`, {
      method: 'PATCH',
      body: { resync: { intervalSeconds: 0 } },
    });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('intervalSeconds');
    const unknown = await f.sesame.admin(`/api/admin/providers/${f.provider.id}`, { method: 'PATCH', body: { resync: { every: 5 } } });
    expect(unknown.status).toBe(400);
    const partial = await f.sesame.admin(`/api/admin/providers/${f.provider.id}`, {
      method: 'PATCH',
      body: { resync: { maxPerMinute: 120 } },
    });
    expect(((await partial.json()) as Json).resync).toEqual({ enabled: true, intervalSeconds: 3600, maxPerMinute: 120 });
  });
});
