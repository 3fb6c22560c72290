import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { TestBrowser } from '../support/browser.js';
import { startSsoFixture, type SsoFixture } from '../support/sso-fixture.js';
import { person } from '../mapping/mapping-fixture.js';

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

  it('makes 9 round trips for an unchanged second login (1 at the start, 8 in the callback), and writes the user, link and session in one transaction', async () => {
    person(f, { username: 'steady', groups: ['engineering'] });
    await f.login(new TestBrowser(), 'steady');

    statements.length = 0;
    counting = true;
    const second = await f.login(new TestBrowser(), 'steady');
    counting = false;

    expect(second.location).toContain('/app');
    expect(statements).toEqual([
      'INSERT login_transactions',
      'WITH login_transactions',
      'START',
      'SELECT user_identities',
      'UPDATE users',
      'UPDATE user_identities',
      'INSERT sessions',
      'COMMIT',
      'INSERT audit_events',
    ]);
  });
});
