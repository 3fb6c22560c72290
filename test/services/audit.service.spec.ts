import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { AuditService } from '../../src/modules/audit/index.js';
import { encodeCursor } from '../../src/common/pagination.js';
import { startTestServices, type TestServices } from '../support/test-services.js';

/** The audit log's service and repository on a real database: what is written, how it is read back, what the purge keeps. */
describe('AuditService on the database', () => {
  let services: TestServices;
  let audit: AuditService;
  beforeAll(async () => {
    services = await startTestServices();
    audit = services.get(AuditService);
  });
  afterAll(() => services?.close());
  // Each test starts from an empty log and the default retention: none leaves rows or settings to another.
  beforeEach(async () => {
    await services.db.query(`DELETE FROM audit_events`);
    await audit.putSettings({ retentionDays: 90 });
  });

  const DAY_MS = 24 * 60 * 60 * 1000;
  const insertAged = (days: number, marker: string) =>
    services.db.query(
      `INSERT INTO audit_events (occurred_at, type, outcome, user_id, details)
       VALUES (now() - make_interval(days => $1), 'login', 'success', $2, jsonb_build_object('days', $1::int))`,
      [days, marker],
    );
  const daysLeft = async (marker: string) =>
    (
      await services.db.query<{ days: number }>(`SELECT (details->>'days')::int AS days FROM audit_events WHERE user_id = $1 ORDER BY 1`, [
        marker,
      ])
    ).map((row) => row.days);

  it('writes every field, with secrets redacted from the details and the user agent cut at 512 characters', async () => {
    const userId = randomUUID();
    await audit.record({
      type: 'login',
      outcome: 'failure',
      code: 'SSO_ACCESS_DENIED',
      providerId: randomUUID(),
      providerSlug: 'okta',
      userId,
      username: 'alice',
      ip: '203.0.113.9',
      userAgent: 'A'.repeat(600),
      requestId: 'req-9',
      details: { clientSecret: 'hunter2-hunter2', nested: { accessToken: 'tok' }, rulesFired: ['r1'] },
    });
    const [row] = await services.db.query<{ user_agent: string; details: Record<string, unknown>; code: string; username: string }>(
      `SELECT user_agent, details, code, username FROM audit_events WHERE user_id = $1`,
      [userId],
    );
    expect(row!.user_agent).toHaveLength(512);
    expect(row).toMatchObject({ code: 'SSO_ACCESS_DENIED', username: 'alice' });
    expect(JSON.stringify(row!.details)).not.toMatch(/hunter2|"tok"/);
    expect(row!.details.rulesFired).toEqual(['r1']);
  });

  it('records an admin change with the names of the fields it changed', async () => {
    await audit.recordAdminChange({
      actor: 'api-token:ci (1)',
      action: 'update',
      entity: 'settings',
      entityId: 'audit',
      before: { retentionDays: 90, note: 'same' },
      after: { retentionDays: 30, note: 'same' },
    });
    const [row] = await services.db.query<{ actor: string; details: { changed: string[]; action: string } }>(
      `SELECT actor, details FROM audit_events WHERE type = 'admin_change'`,
    );
    expect(row).toMatchObject({ actor: 'api-token:ci (1)', details: { action: 'update', changed: ['retentionDays'] } });
  });

  it('pages newest first with a cursor that stays stable while new events arrive', async () => {
    const userId = randomUUID();
    for (let i = 0; i < 5; i++) await audit.record({ type: 'login', outcome: 'success', userId, requestId: `r${i}` });
    const first = await audit.list({ userId, limit: 2 });
    expect(first.items.map((e) => e.requestId)).toEqual(['r4', 'r3']);
    await audit.record({ type: 'login', outcome: 'success', userId, requestId: 'r5' });
    const second = await audit.list({ userId, limit: 2, cursor: first.nextCursor! });
    expect(second.items.map((e) => e.requestId)).toEqual(['r2', 'r1']);
    const last = await audit.list({ userId, limit: 2, cursor: second.nextCursor! });
    expect(last).toEqual({ items: [expect.objectContaining({ requestId: 'r0' })], nextCursor: null });
  });

  it.each([
    ['a cursor that is not base64 JSON', 'not a cursor'],
    ['a cursor whose key is not an id', encodeCursor(['1; DROP TABLE audit_events'])],
    ['a cursor whose id is too long for a bigint', encodeCursor(['1'.repeat(20)])],
  ])('refuses %s, naming the field', async (_case, cursor) => {
    await expect(audit.list({ limit: 10, cursor })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      message: expect.stringContaining('cursor'),
    });
  });

  it.each([
    // filter, the request ids it keeps (newest first)
    ['type', { type: 'logout' as const }, ['out']],
    ['outcome', { outcome: 'failure' as const }, ['failed']],
    ['from (inclusive)', { from: new Date(Date.now() - DAY_MS) }, ['out', 'failed', 'ok']],
    ['to (exclusive)', { to: new Date(Date.now() - DAY_MS) }, ['old']],
  ])('filters by %s', async (_filter, filter, expected) => {
    await services.db.query(
      `INSERT INTO audit_events (occurred_at, type, outcome, request_id) VALUES (now() - interval '3 days', 'login', 'success', 'old')`,
    );
    await audit.record({ type: 'login', outcome: 'success', requestId: 'ok' });
    await audit.record({ type: 'login', outcome: 'failure', requestId: 'failed' });
    await audit.record({ type: 'logout', outcome: 'success', requestId: 'out' });
    expect((await audit.list({ ...filter, limit: 10 })).items.map((e) => e.requestId)).toEqual(expected);
  });

  it.each([
    // stored retention, ages of the events in days, the ages kept
    [30, [400, 31, 29, 1], [1, 29]],
    [7, [8, 6], [6]],
    // below the 7-day floor (stored before the floor existed): purged as 7 days
    [1, [8, 6, 2], [2, 6]],
  ])('with a retention of %i days, purges the events aged %j and keeps %j', async (retentionDays, ages, kept) => {
    // The service stores what it is given; the floor is the purge's rule, not only the API's.
    await audit.putSettings({ retentionDays });
    const marker = randomUUID();
    for (const days of ages) await insertAged(days, marker);
    expect(await audit.purge()).toBe(ages.length - kept.length);
    expect(await daysLeft(marker)).toEqual(kept);
  });

  it('purges in batches until no old event is left', async () => {
    const marker = randomUUID();
    await services.db.query(
      `INSERT INTO audit_events (occurred_at, type, outcome, user_id)
       SELECT now() - interval '100 days', 'login', 'success', $1 FROM generate_series(1, 5003)`,
      [marker],
    );
    await insertAged(1, marker);
    expect(await audit.purge()).toBe(5003);
    expect(await daysLeft(marker)).toEqual([1]);
  });

  it('measures the age from the time it is given', async () => {
    const marker = randomUUID();
    for (const days of [29, 1]) await insertAged(days, marker);
    await audit.putSettings({ retentionDays: 30 });
    expect(await audit.purge()).toBe(0);
    expect(await audit.purge(new Date(Date.now() + 20 * DAY_MS))).toBe(1);
    expect(await daysLeft(marker)).toEqual([1]);
  });
});
