import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import type { Logger } from 'pino';
import { LOGGER } from '../../../common/logger.js';
import { AuditService } from './audit.service.js';

/** Soon after start (a restart loop still purges), then daily. */
const FIRST_PURGE_DELAY_MS = 60_000;
const PURGE_INTERVAL_MS = 24 * 60 * 60 * 1000;
const RETRY_DELAY_MS = 60 * 60 * 1000;

/**
 * Runs the retention purge on every instance; the purge's advisory lock makes the instances
 * take turns, and deleting what is already deleted costs nothing.
 */
@Injectable()
export class AuditRetentionScheduler implements OnApplicationBootstrap, OnModuleDestroy {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;

  constructor(
    private readonly audit: AuditService,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    this.schedule(FIRST_PURGE_DELAY_MS);
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.runOnce().then((done) => {
        this.running = undefined;
        this.schedule(done ? PURGE_INTERVAL_MS : RETRY_DELAY_MS);
      });
    }, delayMs);
    this.timer.unref();
  }

  /** False when the purge failed and should be tried again within the hour. */
  private async runOnce(): Promise<boolean> {
    try {
      const deleted = await this.audit.purge();
      if (deleted === null) this.logger.debug('audit purge skipped: another instance is purging');
      else this.logger.info({ deleted }, 'purged audit events past the retention period');
      return true;
    } catch (error) {
      if (!this.stopped) this.logger.warn({ err: error }, 'audit purge failed; trying again in an hour');
      return false;
    }
  }
}
