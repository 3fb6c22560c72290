import { Inject, Injectable, type BeforeApplicationShutdown } from '@nestjs/common';
import type { Logger } from 'pino';
import { LOGGER } from '../../../common/logger.js';
import { invalid } from '../../../common/domain-error.js';
import { decodeCursor, encodeCursor, type Page } from '../../../common/pagination.js';
import { MetricsService } from '../../metrics/index.js';
import { SettingsStore } from '../../settings/index.js';
import type { AdminChangeInput, AuditEvent, AuditEventInput } from '../domain/audit-event.js';
import { redactSecrets } from '../domain/redact-secrets.js';
import { changedFields } from '../domain/changed-fields.js';
import { AuditEventRepository, type AuditEventFilter, type AuditEventRow } from '../infrastructure/audit-event.repository.js';

export interface AuditSettings {
  /** Events older than this many days are deleted by the daily purge. */
  readonly retentionDays: number;
}

export const AUDIT_SETTINGS_KEY = 'audit';
export const DEFAULT_AUDIT_SETTINGS: AuditSettings = { retentionDays: 90 };
/**
 * The shortest retention accepted: a week of events survives any single mistaken change,
 * which is the time an operator needs to notice it. Stored values below it (saved before
 * the floor existed) are purged as if they were the floor.
 */
export const MIN_RETENTION_DAYS = 7;

/** Browsers send user agents of any length; the log keeps enough to tell them apart. */
const MAX_USER_AGENT_LENGTH = 512;
const DAY_MS = 24 * 60 * 60 * 1000;

export type AuditEventQuery = Omit<AuditEventFilter, 'beforeId'> & { readonly cursor?: string };

/** A sign-in's event waits this long for others to share its INSERT (one round trip for all of them). */
export const AUDIT_BATCH_WINDOW_MS = 25;
/** A batch this large is written at once, whatever the window. */
export const AUDIT_MAX_BATCH = 100;

interface Queued {
  readonly event: AuditEventInput;
  readonly written: () => void;
}

/**
 * The audit log. Writing is outside any caller transaction and never throws: a sign-in must
 * not fail, nor an admin change be reported as failed after it was applied, because of auditing.
 * Events are queued and written together: `record` starts the write at once (its caller may
 * await it), `recordLater` lets the event wait up to AUDIT_BATCH_WINDOW_MS for company, so busy
 * sign-ins share one INSERT. A shutdown writes whatever is queued before the database closes.
 */
@Injectable()
export class AuditService implements BeforeApplicationShutdown {
  /** Writes under way, so a shutdown lets them finish before the database connections close. */
  private readonly pending = new Set<Promise<void>>();
  private queue: Queued[] = [];
  private timer: NodeJS.Timeout | null = null;
  private shuttingDown = false;
  /** How long `recordLater` lets an event wait for others (a test lengthens it to see that only the shutdown writes). */
  batchWindowMs = AUDIT_BATCH_WINDOW_MS;

  constructor(
    private readonly events: AuditEventRepository,
    private readonly settings: SettingsStore,
    private readonly metrics: MetricsService,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /** Writes the event now (with any queued ones); resolves once it is written or its failure logged. */
  record(event: AuditEventInput): Promise<void> {
    const written = this.enqueue(event);
    this.flush();
    return written;
  }

  /** Queues the event for the next batch; nobody waits for it (a sign-in's answer goes out first). */
  recordLater(event: AuditEventInput): void {
    void this.enqueue(event);
    if (this.shuttingDown || this.queue.length >= AUDIT_MAX_BATCH) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), this.batchWindowMs);
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.shuttingDown = true;
    this.flush();
    await Promise.all([...this.pending]);
  }

  private enqueue(event: AuditEventInput): Promise<void> {
    return new Promise<void>((written) => this.queue.push({ event, written }));
  }

  /** Starts writing everything queued as one batch. */
  private flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.queue.length === 0) return;
    const batch = this.queue;
    this.queue = [];
    const write = this.write(batch).finally(() => {
      this.pending.delete(write);
      for (const queued of batch) queued.written();
    });
    this.pending.add(write);
  }

  private async write(batch: readonly Queued[]): Promise<void> {
    const rows: { row: AuditEventRow; event: AuditEventInput }[] = [];
    for (const { event } of batch) {
      try {
        rows.push({ row: toRow(event), event });
      } catch (error) {
        this.failed(error, event);
      }
    }
    try {
      await this.events.insertMany(rows.map((r) => r.row));
    } catch (batchError) {
      if (rows.length === 1) return this.failed(batchError, rows[0]!.event);
      // One event the database refuses must not take the others with it: each is tried alone.
      for (const { row, event } of rows) await this.events.insert(row).catch((error: unknown) => this.failed(error, event));
    }
  }

  private failed(error: unknown, event: AuditEventInput): void {
    this.metrics.auditWriteFailure();
    // The event's identifying fields only: details may be what could not be serialised.
    this.logger.error(
      { err: error, type: event.type, outcome: event.outcome, code: event.code, userId: event.userId, reqId: event.requestId },
      'could not write an audit event',
    );
  }

  /** Records an applied admin change with its before/after (secrets redacted) and the fields it changed. */
  recordAdminChange(change: AdminChangeInput): Promise<void> {
    let changed: string[] | undefined;
    try {
      changed = changedFields(change.before, change.after);
    } catch {
      // A value JSON cannot compare; record() will report why the event cannot be written.
    }
    return this.record({
      type: 'admin_change',
      outcome: 'success',
      actor: change.actor,
      ip: change.ip,
      userAgent: change.userAgent,
      requestId: change.requestId,
      details: {
        action: change.action,
        entity: change.entity,
        entityId: change.entityId,
        changed,
        before: change.before ?? null,
        after: change.after ?? null,
      },
    });
  }

  /** Newest first, by keyset on the id: a page is stable while new events arrive. */
  async list(query: AuditEventQuery): Promise<Page<AuditEvent>> {
    let beforeId: string | undefined;
    if (query.cursor) {
      [beforeId] = decodeCursor(query.cursor, 1);
      if (!/^\d{1,19}$/.test(beforeId!)) throw invalid('cursor', 'is not a cursor returned by this list');
    }
    const rows = await this.events.find({ ...query, beforeId });
    const items = rows.slice(0, query.limit);
    const last = items[items.length - 1];
    return { items, nextCursor: rows.length > query.limit && last ? encodeCursor([last.id]) : null };
  }

  /**
   * Deletes the events older than the retention period. Returns how many, or null when another
   * instance holds the purge lock (it is doing the same work).
   */
  async purge(now: Date = new Date()): Promise<number | null> {
    const { retentionDays } = await this.getSettings();
    const days = Math.max(MIN_RETENTION_DAYS, retentionDays);
    return this.events.purgeOlderThan(new Date(now.getTime() - days * DAY_MS));
  }

  getSettings(): Promise<AuditSettings> {
    return this.settings.get(AUDIT_SETTINGS_KEY, DEFAULT_AUDIT_SETTINGS);
  }

  async putSettings(settings: AuditSettings): Promise<AuditSettings> {
    await this.settings.put(AUDIT_SETTINGS_KEY, { retentionDays: settings.retentionDays });
    return this.getSettings();
  }
}

function toRow(event: AuditEventInput): AuditEventRow {
  return {
    type: event.type,
    outcome: event.outcome,
    code: storable(event.code),
    providerId: event.providerId ?? null,
    providerSlug: storable(event.providerSlug),
    userId: event.userId ?? null,
    username: storable(event.username),
    actor: storable(event.actor),
    ip: event.ip ?? null,
    userAgent: storable(event.userAgent?.slice(0, MAX_USER_AGENT_LENGTH)),
    requestId: storable(event.requestId),
    detailsJson: JSON.stringify(redactSecrets(event.details ?? {})).replaceAll('\\u0000', '\\ufffd'),
  };
}

/** PostgreSQL text cannot hold NUL: what a client sent (a slug, a user agent) is kept with NUL shown as U+FFFD. */
function storable(value: string | null | undefined): string | null {
  return value == null ? null : value.replaceAll('\0', '\ufffd');
}
