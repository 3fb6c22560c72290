/** How long Sesame waits for the database, so a frozen database costs a bounded wait, not a hang. */
export interface DatabaseTimeouts {
  /** Opening a connection (and waiting for a free one in the pool). */
  readonly connectMs: number;
  /** The server cancels a statement running longer (statement_timeout). */
  readonly statementMs: number;
  /** The client gives up waiting for an answer (covers a server that no longer answers at all). */
  readonly queryMs: number;
}

/** The `pg` client and pool options for these timeouts; every connection Sesame opens uses them. */
export function pgTimeoutOptions(timeouts: DatabaseTimeouts) {
  return {
    connectionTimeoutMillis: timeouts.connectMs,
    // 0: no limit (pg leaves the server's setting; no client timer).
    statement_timeout: timeouts.statementMs || undefined,
    query_timeout: timeouts.queryMs || undefined,
    // A dead peer is noticed by the kernel too, not only by the next query.
    keepAlive: true,
  };
}
