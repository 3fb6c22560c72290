import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ChangeBus } from '../../src/common/change-bus.js';
import { AuditService } from '../../src/modules/audit/index.js';
import { SettingsStore } from '../../src/modules/settings/index.js';
import { startTestSesame, type TestSesame } from '../support/test-sesame.js';

/** Listing, filtering, paging, retention and failure isolation of the audit log, on a real database. */
describe('audit events', () => {
  let sesame: TestSesame;
  let audit: AuditService;
  beforeAll(async () => {
    sesame = await startTestSesame();
    audit = sesame.sesame.app.get(AuditService);
  });
  afterAll(() => sesame?.close());

  const json = async (response: Response) => ({ status: response.status, body: (await response.json()) as Record<string, any> });
  const DAY_MS = 24 * 60 * 60 * 1000;

  async function metricValue(name: string): Promise<number> {
    const text = await (await fetch(`${sesame.url}/metrics`)).text();
    const line = text.split('\n').find((l) => l.startsWith(`${name} `));
    if (!line) throw new Error(`${name} is not exposed`);
    return Number(line.split(' ')[1]);
  }

  it('lists events newest first, filtered by type, outcome, user, provider and time', async () => {
    const alice = randomUUID();
    const okta = randomUUID();
    // Written first: the list follows the order of writing (the id), so this one comes last.
    await sesame.db.query(
      `INSERT INTO audit_events (occurred_at, type, outcome, user_id) VALUES (now() - interval '3 days', 'login', 'success', $1)`,
      [alice],
    );
    await audit.record({ type: 'login', outcome: 'success', userId: alice, username: 'alice', providerId: okta, providerSlug: 'okta' });
    await audit.record({
      type: 'login',
      outcome: 'failure',
      code: 'SSO_DOMAIN_NOT_ALLOWED',
      providerId: okta,
      providerSlug: 'okta',
      ip: '203.0.113.7',
      userAgent: 'Mozilla/5.0 ' + 'x'.repeat(2000),
      requestId: 'req-1',
      details: { email: 'mallory@evil.example', rulesFired: ['deny-unknown-domains'], groups: { added: [], removed: [] } },
    });
    await audit.record({ type: 'logout', outcome: 'success', userId: alice, username: 'alice' });

    const forAlice = await json(await sesame.admin(`/api/admin/audit-events?userId=${alice}`));
    expect(forAlice.status).toBe(200);
    expect(forAlice.body.items.map((e: any) => e.type)).toEqual(['logout', 'login', 'login']);
    const ids = forAlice.body.items.map((e: any) => Number(e.id));
    expect(ids).toEqual([...ids].sort((a, b) => b - a));

    const failures = await json(await sesame.admin(`/api/admin/audit-events?providerId=${okta}&outcome=failure`));
    expect(failures.body.items).toHaveLength(1);
    const [failure] = failures.body.items;
    expect(failure).toMatchObject({
      type: 'login',
      outcome: 'failure',
      code: 'SSO_DOMAIN_NOT_ALLOWED',
      providerSlug: 'okta',
      userId: null,
      ip: '203.0.113.7',
      requestId: 'req-1',
      details: { email: 'mallory@evil.example', rulesFired: ['deny-unknown-domains'] },
    });
    expect(failure.userAgent).toHaveLength(512);
    expect(new Date(failure.occurredAt).getTime()).toBeGreaterThan(Date.now() - 60_000);

    const logouts = await json(await sesame.admin(`/api/admin/audit-events?type=logout&userId=${alice}`));
    expect(logouts.body.items.map((e: any) => e.type)).toEqual(['logout']);

    const twoDaysAgo = new Date(Date.now() - 2 * DAY_MS).toISOString();
    const recent = await json(await sesame.admin(`/api/admin/audit-events?userId=${alice}&from=${twoDaysAgo}`));
    expect(recent.body.items).toHaveLength(2);
    const old = await json(await sesame.admin(`/api/admin/audit-events?userId=${alice}&to=${twoDaysAgo}`));
    expect(old.body.items).toHaveLength(1);
  });

  it('pages with an opaque cursor: every event once, newest first, stable while new ones arrive', async () => {
    const user = randomUUID();
    for (let i = 0; i < 7; i++) await audit.record({ type: 'login', outcome: 'success', userId: user, details: { n: i } });

    const seen: number[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: { body: Record<string, any> } = await json(
        await sesame.admin(`/api/admin/audit-events?userId=${user}&limit=3${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`),
      );
      seen.push(...page.body.items.map((e: any) => e.details.n));
      cursor = page.body.nextCursor;
      // An event written mid-listing is newer than the cursor, so it never shifts the pages.
      if (pages++ === 0) await audit.record({ type: 'login', outcome: 'success', userId: user, details: { n: 99 } });
    } while (cursor);
    expect(seen).toEqual([6, 5, 4, 3, 2, 1, 0]);
    expect(pages).toBe(3);
  });

  it('answers 400 for a bad cursor or filter', async () => {
    const forged = Buffer.from(JSON.stringify(['1; DROP TABLE audit_events'])).toString('base64url');
    for (const query of [
      'cursor=garbage',
      `cursor=${forged}`,
      'type=coffee',
      'outcome=maybe',
      'userId=nope',
      'from=yesterday',
      'limit=0',
    ]) {
      const response = await json(await sesame.admin(`/api/admin/audit-events?${query}`));
      expect({ query, status: response.status, code: response.body.code }).toEqual({ query, status: 400, code: 'VALIDATION_FAILED' });
    }
  });

  it('keeps 90 days by default; the retention is a setting, and changing it is itself audited', async () => {
    // From a fresh install's state: other tests store retentions of their own.
    await sesame.db.query(`DELETE FROM settings WHERE key = 'audit'`);
    await sesame.sesame.app.get(ChangeBus).publish({ kind: 'settings', id: 'audit' });
    expect((await json(await sesame.admin('/api/admin/audit-settings'))).body).toEqual({ retentionDays: 90 });
    expect((await sesame.admin('/api/admin/audit-settings', { method: 'PUT', body: { retentionDays: 0 } })).status).toBe(400);
    expect((await sesame.admin('/api/admin/audit-settings', { method: 'PUT', body: { retentionDays: 30, extra: 1 } })).status).toBe(400);
    const updated = await json(await sesame.admin('/api/admin/audit-settings', { method: 'PUT', body: { retentionDays: 30 } }));
    expect(updated).toEqual({ status: 200, body: { retentionDays: 30 } });
    expect((await json(await sesame.admin('/api/admin/audit-settings'))).body).toEqual({ retentionDays: 30 });

    const changes = await json(await sesame.admin('/api/admin/audit-events?type=admin_change&limit=1'));
    expect(changes.body.items[0].details).toMatchObject({
      entity: 'settings',
      entityId: 'audit',
      before: { retentionDays: 90 },
      after: { retentionDays: 30 },
    });
  });

  it('purges a retention stored under the 7-day floor as if it were 7 days', async () => {
    // As a value saved before the floor existed would be.
    await sesame.sesame.app.get(SettingsStore).put('audit', { retentionDays: 1 });
    const marker = randomUUID();
    for (const days of [8, 6, 2]) {
      await sesame.db.query(
        `INSERT INTO audit_events (occurred_at, type, outcome, user_id, details) VALUES (now() - make_interval(days => $1), 'login', 'success', $2, $3)`,
        [days, marker, JSON.stringify({ days })],
      );
    }
    await audit.purge();
    const left = await sesame.db.query<{ days: number }>(
      `SELECT (details->>'days')::int AS days FROM audit_events WHERE user_id = $1 ORDER BY 1`,
      [marker],
    );
    expect(left.map((r) => r.days)).toEqual([2, 6]);
  });

  it('purges only the events older than the retention period', async () => {
    await sesame.admin('/api/admin/audit-settings', { method: 'PUT', body: { retentionDays: 30 } });
    const marker = randomUUID();
    for (const days of [400, 31, 29, 1]) {
      await sesame.db.query(
        `INSERT INTO audit_events (occurred_at, type, outcome, user_id, details) VALUES (now() - make_interval(days => $1), 'login', 'success', $2, $3)`,
        [days, marker, JSON.stringify({ days })],
      );
    }
    const total = async () => Number((await sesame.db.query<{ n: string }>(`SELECT count(*) AS n FROM audit_events`))[0]!.n);
    const before = await total();

    expect(await audit.purge()).toBe(2);
    const left = await sesame.db.query<{ days: number }>(
      `SELECT (details->>'days')::int AS days FROM audit_events WHERE user_id = $1 ORDER BY 1`,
      [marker],
    );
    expect(left.map((r) => r.days)).toEqual([1, 29]);
    expect(await total()).toBe(before - 2);

    // Seen from 20 days later, the 1-day-old event is still kept and the 29-day-old one is not.
    expect(await audit.purge(new Date(Date.now() + 20 * DAY_MS))).toBeGreaterThanOrEqual(1);
    const later = await sesame.db.query<{ days: number }>(`SELECT (details->>'days')::int AS days FROM audit_events WHERE user_id = $1`, [
      marker,
    ]);
    expect(later.map((r) => r.days)).toEqual([1]);
  });

  it('never throws when an event cannot be written: it logs and counts the failure', async () => {
    const failuresBefore = await metricValue('sesame_audit_write_failures_total');

    // details that JSON cannot serialise
    await expect(audit.record({ type: 'login', outcome: 'success', details: { size: 10n } })).resolves.toBeUndefined();
    expect(await metricValue('sesame_audit_write_failures_total')).toBe(failuresBefore + 1);

    // the database refusing the insert
    await sesame.db.query(`ALTER TABLE audit_events RENAME TO audit_events_away`);
    try {
      await expect(
        audit.record({ type: 'login', outcome: 'failure', code: 'SSO_ACCESS_DENIED', requestId: 'req-lost' }),
      ).resolves.toBeUndefined();
    } finally {
      await sesame.db.query(`ALTER TABLE audit_events_away RENAME TO audit_events`);
    }
    expect(await metricValue('sesame_audit_write_failures_total')).toBe(failuresBefore + 2);
    const logged = sesame.logs.filter((line) => line.msg === 'could not write an audit event');
    expect(logged).toHaveLength(2);
    expect(logged[1]).toMatchObject({ level: 'error', type: 'login', code: 'SSO_ACCESS_DENIED', reqId: 'req-lost' });
  });

  it('purges on one instance at a time', async () => {
    // The embedded database serves one process (so one instance) through one session, which holds
    // every advisory lock it takes: there, the purge simply runs.
    if (sesame.db.kind === 'embedded') {
      expect(await audit.purge()).toEqual(expect.any(Number));
      return;
    }
    await sesame.db.query(`SELECT pg_advisory_lock($1)`, [0x5e5a_a0d1]);
    try {
      expect(await audit.purge()).toBeNull();
    } finally {
      await sesame.db.query(`SELECT pg_advisory_unlock($1)`, [0x5e5a_a0d1]);
    }
    expect(await audit.purge()).toEqual(expect.any(Number));
  });
});
