import type { PGlite } from '@electric-sql/pglite';

interface Pending {
  readonly handlerId: number;
  readonly message: Uint8Array;
  readonly onData: (data: Uint8Array) => void;
  readonly resolve: (bytes: number) => void;
  readonly reject: (error: Error) => void;
}

const SYNC = 0x53; // 'S'
const QUERY = 0x51; // 'Q'
const TERMINATE = 0x58; // 'X'
const PROTOCOL_3 = 196608;

/**
 * The query queue of the embedded database's socket server, with whole exchanges kept together.
 *
 * Every connection shares PGlite's one backend session. pglite-socket's own queue interleaves
 * single protocol messages of different connections outside a transaction, so one connection's
 * Parse can replace another's unnamed statement between its Parse and Bind ("unnamed prepared
 * statement does not exist", "portal cannot be run", or a hang: electric-sql/pglite#1046). Here a
 * connection keeps the session from its first message until its exchange ends (Sync, a simple
 * Query, Terminate, or the startup message) outside a transaction; the others wait their turn.
 */
export class PgliteSessionQueue {
  private readonly pending: Pending[] = [];
  private owner: number | null = null;
  private draining = false;

  constructor(private readonly db: PGlite) {}

  enqueue(handlerId: number, message: Uint8Array, onData: (data: Uint8Array) => void): Promise<number> {
    return new Promise((resolve, reject) => {
      this.pending.push({ handlerId, message, onData, resolve, reject });
      void this.drain();
    });
  }

  getQueueLength(): number {
    return this.pending.length;
  }

  clearQueueForHandler(handlerId: number): void {
    for (let i = this.pending.length - 1; i >= 0; i--) {
      const item = this.pending[i]!;
      if (item.handlerId !== handlerId) continue;
      this.pending.splice(i, 1);
      item.reject(new Error('Handler disconnected'));
    }
  }

  /** A connection that went away mid-exchange or mid-transaction must not keep the session. */
  async clearTransactionIfNeeded(handlerId: number): Promise<void> {
    if (this.owner !== handlerId) return;
    await this.db.runExclusive(async () => {
      // Sync ends an unfinished extended-protocol exchange (and any "skip until Sync" state).
      await this.db.execProtocolRawStream(new Uint8Array([SYNC, 0, 0, 0, 4]), { onRawData: () => undefined });
    });
    if (this.db.isInTransaction()) await this.db.exec('ROLLBACK');
    this.owner = null;
    await this.drain();
  }

  private async drain(): Promise<void> {
    if (this.draining) return;
    this.draining = true;
    try {
      for (let item = this.next(); item; item = this.next()) {
        this.owner = item.handlerId;
        let bytes = 0;
        try {
          await this.db.runExclusive(() =>
            this.db.execProtocolRawStream(item.message, {
              onRawData: (data) => {
                bytes += data.length;
                item.onData(data);
              },
            }),
          );
          item.resolve(bytes);
        } catch (error) {
          item.reject(error as Error);
        }
        if (endsExchange(item.message) && !this.db.isInTransaction()) this.owner = null;
      }
    } finally {
      this.draining = false;
    }
  }

  /** The owner's next message; with no owner, the oldest. Undefined while the owner has nothing queued yet. */
  private next(): Pending | undefined {
    const index = this.owner === null ? 0 : this.pending.findIndex((item) => item.handlerId === this.owner);
    return index < 0 ? undefined : this.pending.splice(index, 1)[0];
  }
}

function endsExchange(message: Uint8Array): boolean {
  const type = message[0];
  if (type === SYNC || type === QUERY || type === TERMINATE) return true;
  // The startup message has no type byte: its own length, then the protocol version.
  if (message.length < 8) return false;
  const view = new DataView(message.buffer, message.byteOffset, message.byteLength);
  return view.getInt32(0) === message.length && view.getInt32(4) === PROTOCOL_3;
}
