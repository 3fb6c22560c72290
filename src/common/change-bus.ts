/**
 * Something changed that other instances may hold in a cache. Handlers must be idempotent:
 * a change can be delivered more than once.
 */
export type Change =
  | {
      readonly kind: 'user';
      readonly id: string;
      /** The user's profile or groups changed (a login or re-sync): the account was not switched off, so no session need end. */
      readonly stillActive?: true;
    }
  | { readonly kind: 'session'; readonly id: string }
  | { readonly kind: 'provider'; readonly id: string }
  | { readonly kind: 'settings'; readonly id: string }
  /** Changes may have been missed: every cache goes. */
  | { readonly kind: 'all' };

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
