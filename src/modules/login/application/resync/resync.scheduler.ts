import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import type { Logger } from 'pino';
import { Clock } from '../../../../common/clock.js';
import { LOGGER } from '../../../../common/logger.js';
import { ProviderService } from '../../../provider/index.js';
import { takeFromBucket, type RateBucket } from '../../domain/resync-schedule.js';
import { ResyncIdentitiesRepository } from '../../infrastructure/resync-identities.repository.js';
import { ResyncService } from './resync.service.js';

/** Often enough for a one-second interval; an idle tick is one indexed query. */
const TICK_MS = 500;

/**
 * Runs on every instance. Each tick asks which providers have someone due, then claims as many
 * of each as the provider's rate allows (SKIP LOCKED: the instances share the work, and no
 * person is re-synced by two at once).
 */
@Injectable()
export class ResyncScheduler implements OnApplicationBootstrap, OnModuleDestroy {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;
  private readonly buckets = new Map<string, RateBucket>();

  constructor(
    private readonly resync: ResyncService,
    private readonly identities: ResyncIdentitiesRepository,
    private readonly providers: ProviderService,
    private readonly clock: Clock,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    this.schedule();
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.tick().finally(() => {
        this.running = undefined;
        this.schedule();
      });
    }, TICK_MS);
    this.timer.unref();
  }

  private async tick(): Promise<void> {
    try {
      for (const providerId of await this.identities.dueProviders(this.clock.now())) {
        if (this.stopped) return;
        const provider = await this.providers.find(providerId);
        if (!provider) continue;
        const { granted, bucket } = takeFromBucket(this.buckets.get(providerId), Date.now(), provider.resync.maxPerMinute, 100);
        this.buckets.set(providerId, bucket);
        if (granted > 0) await this.resync.runDue(providerId, granted);
      }
    } catch (error) {
      if (!this.stopped) this.logger.warn({ err: error, event: 'resync' }, 'the re-sync tick failed; trying again at the next');
    }
  }
}
