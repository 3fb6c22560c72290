import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { AuditService } from '../../src/modules/audit/index.js';
import { startTestServices, type TestServices } from '../support/test-services.js';

/** Sign-in events are queued and written together; none is lost when Sesame shuts down with some still queued. */
describe('AuditService batches', () => {
  let services: TestServices;
  let audit: AuditService;
  beforeAll(async () => {
    services = await startTestServices();
    audit = services.get(AuditService);
  });
  afterAll(() => services?.close());

  /** The rows of these users, with the transaction that wrote each (one statement, one transaction here). */
  const rowsOf = (userIds: readonly string[]) =>
    services.db.query<{ user_id: string; writer: string }>(
      `SELECT user_id, xmin::text AS writer FROM audit_events WHERE user_id = ANY($1::uuid[]) ORDER BY id`,
      [userIds],
    );
  const waitForRows = async (userIds: readonly string[]) => {
    for (let attempt = 0; attempt < 100; attempt++) {
      const rows = await rowsOf(userIds);
      if (rows.length === userIds.length) return rows;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    throw new Error('the queued events were not written');
  };

  it('writes the sign-ins of one window in one INSERT, in order', async () => {
    const users = Array.from({ length: 5 }, () => randomUUID());
    for (const userId of users) audit.recordLater({ type: 'login', outcome: 'success', userId });
    const rows = await waitForRows(users);
    expect(rows.map((r) => r.user_id)).toEqual(users);
    expect(new Set(rows.map((r) => r.writer)).size).toBe(1);
  });

  it('writes an event it must write now with the queued ones', async () => {
    audit.batchWindowMs = 60_000;
    try {
      const queued = randomUUID();
      const now = randomUUID();
      audit.recordLater({ type: 'login', outcome: 'success', userId: queued });
      await audit.record({ type: 'admin_change', outcome: 'success', userId: now });
      const rows = await rowsOf([queued, now]);
      expect(rows.map((r) => r.user_id)).toEqual([queued, now]);
      expect(rows[0]!.writer).toBe(rows[1]!.writer);
    } finally {
      audit.batchWindowMs = 50;
    }
  });

  it('keeps the other events of a batch when the database refuses one', async () => {
    const good = [randomUUID(), randomUUID()];
    audit.recordLater({ type: 'login', outcome: 'success', userId: good[0] });
    audit.recordLater({ type: 'login', outcome: 'success', userId: good[1] });
    // Awaiting the refused event waits for its whole batch: the retries one by one and the log line.
    await audit.record({ type: 'login', outcome: 'success', userId: 'not-a-uuid' });
    const rows = await rowsOf(good);
    expect(rows.map((r) => r.user_id)).toEqual(good);
    expect(new Set(rows.map((r) => r.writer)).size).toBe(2);
    expect(services.logs.filter((line) => line.msg === 'could not write an audit event')).toHaveLength(1);
  });

  // Last: it shuts the services down.
  it('writes what is still queued when the application shuts down', async () => {
    audit.batchWindowMs = 60_000;
    const users = [randomUUID(), randomUUID(), randomUUID()];
    for (const userId of users) audit.recordLater({ type: 'login', outcome: 'success', userId });
    expect(await rowsOf(users)).toEqual([]);
    await services.closeApplication();
    expect((await rowsOf(users)).map((r) => r.user_id)).toEqual(users);
  });
});
