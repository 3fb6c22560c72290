import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { TestBrowser } from '../support/browser.js';
import { startSsoFixture, type SsoFixture } from '../support/sso-fixture.js';
import { membershipsOf, person, setGroupMapping, storedUser } from '../mapping/mapping-fixture.js';

/**
 * Statements sent by this process while `counting`. Background polling is not a login's: the change
 * bus's, and the re-sync scheduler's look for providers with someone due.
 */
const BACKGROUND = /change_sequence|LISTEN|NOTIFY|pg_notify|SELECT DISTINCT provider_id FROM resync_identities/i;
const statements: string[] = [];
let counting = false;
const original = pg.Client.prototype.query;

function describeStatement(text: string): string {
  const sql = text.replace(/\s+/g, ' ').trim();
  const verb = /^(\w+)/.exec(sql)?.[1]?.toUpperCase() ?? '?';
  const table = /\b(?:FROM|INTO|UPDATE)\s+"?(\w+)/.exec(sql)?.[1];
  return table ? `${verb} ${table}` : verb;
}

/** Waits until a statement of this kind has been counted (the audit batch is written after the answer). */
async function counted(statement: string): Promise<void> {
  for (let attempt = 0; attempt < 100 && !statements.includes(statement); attempt++) await new Promise((r) => setTimeout(r, 20));
}

/**
 * An unchanged second login (same claims, same mapping) is the common case, so its SQL round
 * trips are counted: start and callback together, every statement pg sends for them. The table
 * ownership rules moved the directory's SQL behind its exports without adding any.
 */
describe('SQL round trips of a login', () => {
  let f: SsoFixture;

  beforeAll(async () => {
    f = await startSsoFixture();
    pg.Client.prototype.query = function countedQuery(this: pg.Client, ...args: unknown[]) {
      const config = args[0] as string | { text?: string } | undefined;
      const text = typeof config === 'string' ? config : config?.text;
      if (counting && typeof text === 'string' && !BACKGROUND.test(text)) statements.push(describeStatement(text));
      return (original as (...a: unknown[]) => unknown).apply(this, args);
    } as typeof pg.Client.prototype.query;
  });
  afterAll(async () => {
    pg.Client.prototype.query = original;
    await f?.close();
  });

  it('makes 6 round trips for an unchanged second login (1 at the start, 5 in the callback), the user, link and session in one transaction, and the audit event in a shared batch after the answer', async () => {
    person(f, { username: 'steady', groups: ['engineering'] });
    await f.login(new TestBrowser(), 'steady');
    // The first login's audit event, written in its batch, is not the second login's.
    counting = true;
    await counted('INSERT audit_events');
    counting = false;

    statements.length = 0;
    counting = true;
    const second = await f.login(new TestBrowser(), 'steady');
    await counted('INSERT audit_events');
    counting = false;

    expect(second.location).toContain('/app');
    expect(statements.filter((s) => s !== 'INSERT audit_events')).toEqual([
      'INSERT login_transactions', // the start: the transaction, bound to this browser
      'WITH login_transactions', // the callback: the transaction consumed (DELETE … RETURNING), before the provider is called
      'START', // the login's own transaction:
      'WITH users', //   the user and the link stamped with the sign-in and read back with the stored group hash, in one statement
      'INSERT sessions', //   the session
      'COMMIT',
    ]);
    // The audit event: one INSERT shared by every sign-in of its window (25 ms), never awaited by the login.
    expect(statements.filter((s) => s === 'INSERT audit_events')).toHaveLength(1);
  });

  it('writes a changed group set in 3 more statements (2 when it creates no group), and ends no session: a login never switches its user off', async () => {
    await setGroupMapping(f, {
      groupAttribute: 'groups',
      mode: 'on-the-fly',
      onTheFly: { createMissingGroups: true, keepExistingGroups: false },
    });
    person(f, { username: 'mover', groups: ['engineering', 'ops'] });
    await f.login(new TestBrowser(), 'mover');
    counting = true;
    await counted('INSERT audit_events');
    counting = false;

    person(f, { username: 'mover', groups: ['engineering', 'support'] });
    statements.length = 0;
    counting = true;
    const second = await f.login(new TestBrowser(), 'mover');
    await counted('INSERT audit_events');
    // What the change notice sets off runs after the answer: give it time to show.
    await new Promise((resolve) => setTimeout(resolve, 200));
    counting = false;

    expect(second.location).toContain('/app');
    expect(statements.filter((s) => s !== 'INSERT audit_events')).toEqual([
      'INSERT login_transactions',
      'WITH login_transactions',
      'START',
      'WITH users', // the stamp, and the stored group hash, which no longer matches the claim
      'WITH json_array_elements_text', // what the claim changes: the user's other memberships, the claimed groups not held yet and which of those exist, in one row
      'INSERT groups', // 'support' is created (on-the-fly, createMissingGroups)
      'WITH memberships', // the diff: one statement removes 'ops', adds 'support' and stores the new group hash on the link
      'INSERT sessions',
      'COMMIT',
    ]);
    const user = await storedUser(f, 'mover');
    expect(await membershipsOf(f, user!.id)).toEqual(['engineering:sso', 'support:sso']);

    // The hash it stored matches the claim: the next login is an unchanged one.
    statements.length = 0;
    counting = true;
    await f.login(new TestBrowser(), 'mover');
    counting = false;
    expect(statements.filter((s) => s !== 'INSERT audit_events')).toEqual([
      'INSERT login_transactions',
      'WITH login_transactions',
      'START',
      'WITH users',
      'INSERT sessions',
      'COMMIT',
    ]);
  });
});
