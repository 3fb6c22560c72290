import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type { Logger } from 'pino';

/**
 * Something changed that other instances may hold in a cache. Handlers must be idempotent:
 * a change can be delivered more than once.
 */
export type Change =
  | { readonly kind: 'user'; readonly id: string }
  | { readonly kind: 'session'; readonly id: string }
  | { readonly kind: 'provider'; readonly id: string }
  | { readonly kind: 'settings'; readonly id: string };

type Handler = (change: Change) => void;

/** Tells every instance (this one included, at once) about a change. */
export abstract class ChangeBus {
  private readonly handlers = new Set<Handler>();

  subscribe(handler: Handler): () => void {
    this.handlers.add(handler);
    return () => this.handlers.delete(handler);
  }

  async publish(change: Change): Promise<void> {
    this.deliver(change);
    await this.broadcast(change);
  }

  protected deliver(change: Change): void {
    for (const handler of this.handlers) handler(change);
  }

  protected abstract broadcast(change: Change): Promise<void>;
  abstract start(): Promise<void>;
  abstract stop(): Promise<void>;
}

/** Local buses by database, so several Sesame instances in one process on one embedded database hear each other. */
const localBuses = new Map<string, Set<LocalChangeBus>>();

/**
 * For the embedded database (PGlite): it runs every connection on one backend, so a NOTIFY comes
 * back to the connection that sent it and never reaches a listener. Only this process can use
 * that database, so telling the other buses on it here is telling every instance.
 */
export class LocalChangeBus extends ChangeBus {
  constructor(private readonly databaseUrl: string) {
    super();
  }

  async start(): Promise<void> {
    let buses = localBuses.get(this.databaseUrl);
    if (!buses) localBuses.set(this.databaseUrl, (buses = new Set()));
    buses.add(this);
  }

  async stop(): Promise<void> {
    const buses = localBuses.get(this.databaseUrl);
    buses?.delete(this);
    if (buses?.size === 0) localBuses.delete(this.databaseUrl);
  }

  protected async broadcast(change: Change): Promise<void> {
    for (const bus of localBuses.get(this.databaseUrl) ?? []) if (bus !== this) bus.deliver(change);
  }
}

/** LISTEN/NOTIFY on a PostgreSQL server; the in-process bus on PGlite, where NOTIFY cannot reach another connection. */
export async function createChangeBus(databaseUrl: string, logger: Logger): Promise<ChangeBus> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const [row] = (await client.query<{ version: string }>('SELECT version()')).rows;
    if (!/\bPGlite\b/.test(row?.version ?? '')) return new PostgresChangeBus(databaseUrl, logger);
  } finally {
    await client.end().catch(() => undefined);
  }
  logger.info('the database is PGlite: changes reach the Sesame instances of this process only');
  return new LocalChangeBus(databaseUrl);
}

const CHANNEL = 'sesame_changes';

/** Postgres LISTEN/NOTIFY on a dedicated connection; reconnects when it drops. */
export class PostgresChangeBus extends ChangeBus {
  private readonly instanceId = randomUUID();
  private listener: pg.Client | undefined;
  private publisher: pg.Client | undefined;
  private stopped = false;

  constructor(
    private readonly databaseUrl: string,
    private readonly logger: Logger,
  ) {
    super();
  }

  async start(): Promise<void> {
    this.publisher = new pg.Client({ connectionString: this.databaseUrl });
    this.publisher.on('error', (error) => this.logger.warn({ err: error }, 'change bus publisher connection failed'));
    await this.publisher.connect();
    await this.listen();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.allSettled([this.listener?.end(), this.publisher?.end()]);
  }

  protected async broadcast(change: Change): Promise<void> {
    const payload = JSON.stringify({ from: this.instanceId, change });
    try {
      await this.publisher!.query('SELECT pg_notify($1, $2)', [CHANNEL, payload]);
    } catch (error) {
      this.logger.error({ err: error, change }, 'could not broadcast a change to other instances');
    }
  }

  private async listen(): Promise<void> {
    const client = new pg.Client({ connectionString: this.databaseUrl });
    client.on('notification', (message) => this.onNotification(message.payload));
    client.on('error', (error) => {
      this.logger.warn({ err: error }, 'change bus listener lost its connection; reconnecting');
      void client.end().catch(() => undefined);
      setTimeout(() => void this.reconnect(), 500).unref();
    });
    await client.connect();
    await client.query(`LISTEN ${CHANNEL}`);
    this.listener = client;
  }

  private async reconnect(): Promise<void> {
    if (this.stopped) return;
    try {
      await this.listen();
    } catch {
      setTimeout(() => void this.reconnect(), 1000).unref();
    }
  }

  private onNotification(payload: string | undefined): void {
    if (!payload) return;
    try {
      const message = JSON.parse(payload) as { from: string; change: Change };
      if (message.from !== this.instanceId) this.deliver(message.change);
    } catch {
      this.logger.warn('ignored a malformed change notification');
    }
  }
}
