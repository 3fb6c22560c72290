import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/** Any fixed number, distinct from the other advisory locks (migrations, audit purge). */
const ADMIN_GUARD_LOCK = 0x5e5a_ad01;

/** Who the enabled members of the admin groups are, for the "last admin" guard. */
@Injectable()
export class AdminMembersRepository {
  /**
   * Every write that may take away an admin takes this lock first, inside its transaction, and
   * keeps it until commit or rollback: such writes take turns, so two of them can never both see
   * "another admin stays". A transaction-scoped advisory lock rather than `SELECT … FOR UPDATE`:
   * "the enabled admins" spans three tables (users, memberships, groups) and a rename or a new
   * setting changes which rows they are, so there is no fixed set of rows to lock, and PostgreSQL
   * refuses FOR UPDATE with the DISTINCT/count the question needs. PGlite has the same function;
   * there every connection shares one backend session, so the lock never blocks — and need not,
   * as the session queue (src/database/pglite-session-queue.ts) already runs one transaction at a time.
   */
  async lock(tx: EntityManager): Promise<void> {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [ADMIN_GUARD_LOCK]);
  }

  /** Enabled users who are members of any of `groups` (names trimmed, case-insensitive), as this transaction sees them. */
  async countEnabled(tx: EntityManager, groups: readonly string[]): Promise<number> {
    if (groups.length === 0) return 0;
    const rows: { count: string }[] = await tx.query(
      `SELECT count(DISTINCT u.id) AS count FROM users u JOIN memberships m ON m.user_id = u.id JOIN groups g ON g.id = m.group_id
       WHERE u.active AND lower(btrim(g.name)) = ANY($1::text[])`,
      [groups.map((group) => group.trim().toLowerCase())],
    );
    return Number(rows[0]!.count);
  }
}
