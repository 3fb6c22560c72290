import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type { Logger } from 'pino';
import { ChangeBus, LocalChangeBus, type Change } from './change-bus.js';
import { ChangeSequence } from './change-sequence.js';
import { isDatabaseUnavailable } from './database-errors.js';
import { pgTimeoutOptions, type DatabaseTimeouts } from './database-timeouts.js';

/** LISTEN/NOTIFY on a PostgreSQL server; the in-process bus on PGlite, where NOTIFY cannot reach another connection. */
export async function createChangeBus(databaseUrl: string, logger: Logger, timeouts: DatabaseTimeouts): Promise<ChangeBus> {
  const client = new pg.Client({ connectionString: databaseUrl, ...pgTimeoutOptions(timeouts) });
  await client.connect();
  try {
    const [row] = (await client.query<{ version: string }>('SELECT version()')).rows;
    if (!/\bPGlite\b/.test(row?.version ?? '')) return new PostgresChangeBus(databaseUrl, logger, timeouts);
  } finally {
    await client.end().catch(() => undefined);
  }
  logger.info('the database is PGlite: changes reach the Sesame instances of this process only');
  return new LocalChangeBus(databaseUrl);
}

const CHANNEL = 'sesame_changes';
/** How often the change counter is compared with the notices heard (one indexed one-row read). */
export const SEQUENCE_CHECK_MS = 700;
/** How long a notice may trail its counter bump before it counts as lost. */
const NOTICE_GRACE_MS = 200;
const RECONNECT_MS = 500;
/** A listener that cannot read one row within this is treated as lost, and replaced. */
const CHECK_TIMEOUT_MS = 2_000;
/** Unsent notices beyond this become one "drop everything" notice. */
const MAX_UNSENT = 100;

/** Bumps the counter and sends the notice in one statement: the counter is never ahead of a notice that was sent. */
const PUBLISH = `WITH next AS (UPDATE change_sequence SET value = value + 1 RETURNING value)
  SELECT pg_notify('${CHANNEL}', json_build_object('from', $1::text, 'seq', next.value, 'change', $2::json)::text) FROM next`;

/**
 * Postgres LISTEN/NOTIFY. Notices go out through a small pool (which replaces broken connections)
 * and are retried until sent; one dedicated connection listens and, every SEQUENCE_CHECK_MS,
 * compares the change counter with the notices it heard. A missed notice, or a listener that
 * had to reconnect while changes happened, drops every cache of this instance.
 */
export class PostgresChangeBus extends ChangeBus {
  private readonly instanceId = randomUUID();
  private readonly sequence = new ChangeSequence(NOTICE_GRACE_MS);
  private readonly publisher: pg.Pool;
  private listener: pg.Client | undefined;
  private checking = false;
  private checkTimer: NodeJS.Timeout | undefined;
  private unsent: Change[] = [];
  private retryTimer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    private readonly databaseUrl: string,
    private readonly logger: Logger,
    private readonly timeouts: DatabaseTimeouts,
  ) {
    super();
    this.publisher = new pg.Pool({ connectionString: databaseUrl, max: 2, ...pgTimeoutOptions(timeouts) });
    this.publisher.on('error', (error) => this.logger.debug({ err: error }, 'an idle change bus connection failed; the pool replaces it'));
  }

  async start(): Promise<void> {
    await this.listen();
    this.checkTimer = setInterval(() => void this.check(), SEQUENCE_CHECK_MS).unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.checkTimer);
    clearTimeout(this.retryTimer);
    await Promise.allSettled([this.listener?.end(), this.publisher.end()]);
  }

  protected async broadcast(change: Change): Promise<void> {
    try {
      await this.send(change);
    } catch (error) {
      this.logger.warn({ reason: (error as Error).message, change }, 'could not tell other instances of a change yet; retrying');
      this.unsent = this.unsent.length >= MAX_UNSENT ? [{ kind: 'all' }] : [...this.unsent, change];
      this.scheduleRetry();
    }
  }

  private send(change: Change): Promise<unknown> {
    return this.publisher.query(PUBLISH, [this.instanceId, JSON.stringify(change)]);
  }

  private scheduleRetry(): void {
    if (this.stopped || this.retryTimer) return;
    this.retryTimer = setTimeout(() => void this.retry(), RECONNECT_MS * 2).unref();
  }

  private async retry(): Promise<void> {
    this.retryTimer = undefined;
    while (this.unsent.length > 0 && !this.stopped) {
      try {
        await this.send(this.unsent[0]!);
        this.unsent.shift();
      } catch {
        return this.scheduleRetry();
      }
    }
    this.logger.info('other instances were told of the changes that could not be sent');
  }

  private async listen(): Promise<void> {
    const client = new pg.Client({ connectionString: this.databaseUrl, ...pgTimeoutOptions(this.timeouts) });
    client.on('notification', (message) => this.onNotification(message.payload));
    client.on('error', (error) => this.lost(client, error));
    client.on('end', () => this.lost(client, new Error('connection ended')));
    await client.connect();
    try {
      await client.query(`LISTEN ${CHANNEL}`);
      const value = await this.readCounter(client);
      this.listener = client;
      if (this.sequence.listening(value)) this.missed('changes were made while this instance was not listening');
    } catch (error) {
      await client.end().catch(() => undefined);
      throw error;
    }
  }

  /** The listening connection failed or froze: notices may be lost until another one listens. */
  private lost(client: pg.Client, error: unknown): void {
    if (this.listener !== client) return;
    this.listener = undefined;
    if (!this.stopped) this.logger.warn({ reason: (error as Error).message }, 'change bus listener lost its connection; reconnecting');
    void client.end().catch(() => undefined);
    setTimeout(() => void this.reconnect(), RECONNECT_MS).unref();
  }

  private async reconnect(): Promise<void> {
    if (this.stopped || this.listener) return;
    try {
      await this.listen();
      this.logger.info('change bus listener reconnected');
    } catch {
      setTimeout(() => void this.reconnect(), RECONNECT_MS * 2).unref();
    }
  }

  /** The periodic comparison; also proves the listening connection still answers. */
  private async check(): Promise<void> {
    const client = this.listener;
    if (!client || this.checking || this.stopped) return;
    this.checking = true;
    try {
      const outcome = this.sequence.checked(await this.readCounter(client), Date.now());
      if (outcome === 'missed') this.missed('a change notice never arrived');
      else if (outcome === 'wait') setTimeout(() => void this.check(), NOTICE_GRACE_MS).unref();
    } catch (error) {
      if (!isDatabaseUnavailable(error)) this.logger.warn({ err: error }, 'change sequence check failed');
      this.lost(client, error);
    } finally {
      this.checking = false;
    }
  }

  private async readCounter(client: pg.Client): Promise<number> {
    // pg honours a per-query query_timeout that its types do not declare.
    const query = { text: 'SELECT value FROM change_sequence', query_timeout: CHECK_TIMEOUT_MS } as pg.QueryConfig;
    const { rows } = await client.query<{ value: string }>(query);
    return Number(rows[0]?.value ?? 0);
  }

  private missed(why: string): void {
    this.logger.warn(`${why}: dropping every cache of this instance`);
    this.deliver({ kind: 'all' });
  }

  private onNotification(payload: string | undefined): void {
    if (!payload) return;
    let message: { from: string; seq: number; change: Change };
    try {
      message = JSON.parse(payload) as typeof message;
    } catch {
      this.logger.warn('ignored a malformed change notification');
      return;
    }
    if (this.sequence.noticed(Number(message.seq))) this.missed('change notices arrived out of sequence');
    if (message.from !== this.instanceId) this.deliver(message.change);
  }
}
