import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { eventually } from '../session/session-helpers.js';
import { TestBrowser } from '../support/browser.js';
import { startTestSesame, type TestSesame } from '../support/test-sesame.js';

type Settings = Record<string, any>;

const FIRST_KEY = 'first-backdoor-key-0123456789';
const SECOND_KEY = 'second-backdoor-key-9876543210';

/** The backdoor key is write-only, like a client secret: set and rotated by PUT, never read back. */
describe('backdoor key through the sign-in settings API', () => {
  let t: TestSesame;
  let readToken: string;

  const get = async (token?: string) => {
    const response = await t.admin('/api/admin/sign-in-settings', token ? { token } : {});
    expect(response.status).toBe(200);
    return { text: await response.clone().text(), body: (await response.json()) as Settings };
  };
  const put = (body: Settings) => t.admin('/api/admin/sign-in-settings', { method: 'PUT', body });
  const opens = async (query: string) => (await new TestBrowser().get(`${t.url}/backdoor${query}`)).status;
  /** Each test sets the backdoor it starts from, so none relies on what an earlier one left. */
  const startWith = async (backdoor: { enabled: boolean; key: string | null }) => {
    const { body } = await get();
    expect((await put({ ...body, backdoor: { ...backdoor, allowedGroups: [] } })).status).toBe(200);
  };

  beforeAll(async () => {
    t = await startTestSesame();
    const created = await t.admin('/api/admin/users', { method: 'POST', body: { username: 'root', password: 'a long local password' } });
    expect(created.status).toBe(201);
    readToken = (
      (await (await t.admin('/api/admin/api-tokens', { method: 'POST', body: { name: 'r', scope: 'read' } })).json()) as Settings
    ).token;
  });
  afterAll(() => t?.close());

  it('takes a key in a PUT and shows only hasKey, to admin and read tokens alike', async () => {
    await startWith({ enabled: false, key: null });
    const { body: current } = await get();
    expect(current.backdoor).toEqual({ enabled: false, hasKey: false, allowedGroups: [] });
    const saved = await put({ ...current, backdoor: { enabled: true, key: FIRST_KEY, allowedGroups: [] } });
    expect(saved.status).toBe(200);
    const savedText = await saved.text();
    expect(savedText).not.toContain(FIRST_KEY);
    expect(JSON.parse(savedText).backdoor).toEqual({ enabled: true, hasKey: true, allowedGroups: [] });
    for (const token of [undefined, readToken]) {
      const { text, body } = await get(token);
      expect(text).not.toContain(FIRST_KEY);
      expect(body.backdoor).toEqual({ enabled: true, hasKey: true, allowedGroups: [] });
    }
    expect(await opens(`?key=${FIRST_KEY}`)).toBe(200);
  });

  it('keeps the key when a GET document is put back as it is, or with the key left out', async () => {
    await startWith({ enabled: true, key: FIRST_KEY });
    const { body } = await get();
    expect((await put({ ...body, allowPasswordChange: !body.allowPasswordChange })).status).toBe(200);
    expect(await opens(`?key=${FIRST_KEY}`)).toBe(200);
    const { hasKey: _hasKey, ...withoutHasKey } = body.backdoor;
    expect((await put({ ...body, backdoor: withoutHasKey })).status).toBe(200);
    expect(await opens(`?key=${FIRST_KEY}`)).toBe(200);
    expect((await get()).body.backdoor.hasKey).toBe(true);
  });

  it('rotates the key: the new one opens the backdoor, the old one no longer does', async () => {
    await startWith({ enabled: true, key: FIRST_KEY });
    const { body } = await get();
    expect((await put({ ...body, backdoor: { ...body.backdoor, key: SECOND_KEY } })).status).toBe(200);
    expect(await opens(`?key=${FIRST_KEY}`)).toBe(404);
    expect(await opens(`?key=${SECOND_KEY}`)).toBe(200);
  });

  it('removes the key only on an explicit null', async () => {
    await startWith({ enabled: true, key: SECOND_KEY });
    const { body } = await get();
    expect(await opens('')).toBe(404);
    const removed = await put({ ...body, backdoor: { ...body.backdoor, key: null } });
    expect(removed.status).toBe(200);
    expect(((await removed.json()) as Settings).backdoor.hasKey).toBe(false);
    expect(await opens('')).toBe(200);
    const bad = await put({ ...body, backdoor: { ...body.backdoor, key: 'too-short' } });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('backdoor.key');
  });

  it('audits every change of the settings (a rotation among them) without ever writing a key', async () => {
    const since = Number((await t.db.query<{ id: string }>(`SELECT coalesce(max(id), 0)::text AS id FROM audit_events`))[0]!.id);
    await startWith({ enabled: true, key: null });
    await startWith({ enabled: true, key: FIRST_KEY });
    await startWith({ enabled: true, key: SECOND_KEY });
    // A rotation: a change from one key to another. This test made exactly one (events are written after the answer).
    const rotations = () =>
      t.db.query<{ details: Settings }>(
        `SELECT details FROM audit_events
         WHERE type = 'admin_change' AND details->>'entityId' = 'sign-in' AND id > $1
           AND details->'before'->'backdoor'->'key' <> 'null'::jsonb AND details->'after'->'backdoor'->'key' <> 'null'::jsonb`,
        [since],
      );
    await eventually(async () => (await rotations()).length, 1, 3000);
    const events = await rotations();
    expect(events).toHaveLength(1);
    const rotation = events[0]!.details;
    expect(rotation.changed).toContain('backdoor');
    expect(rotation.before.backdoor).toEqual({ enabled: true, key: '[redacted]', allowedGroups: [] });
    expect(rotation.after.backdoor).toEqual({ enabled: true, key: '[redacted]', allowedGroups: [] });
    const all = await t.db.query<{ raw: string }>(`SELECT details::text AS raw FROM audit_events`);
    const everything = [t.logText(), ...all.map((e) => e.raw)].join('\n');
    for (const key of [FIRST_KEY, SECOND_KEY]) expect(everything).not.toContain(key);
  });
});
