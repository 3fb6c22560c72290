import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { ChangeBus } from '../../common/change-bus.js';
import { SettingsRepository } from './infrastructure/settings.repository.js';

/**
 * Small configuration documents (sign-in settings, look and feel, redirection rules), one JSON
 * row each. Read on every login, so cached; a change on any instance clears every cache.
 */
@Injectable()
export class SettingsStore implements OnModuleDestroy {
  private readonly cache = new Map<string, Promise<unknown>>();
  private readonly unsubscribe: () => void;

  constructor(
    private readonly rows: SettingsRepository,
    private readonly changes: ChangeBus,
  ) {
    this.unsubscribe = changes.subscribe((change) => {
      if (change.kind === 'settings') this.cache.delete(change.id);
      else if (change.kind === 'all') this.cache.clear();
    });
  }

  onModuleDestroy(): void {
    this.unsubscribe();
  }

  /** The stored document merged over the defaults, so a new setting has its default at once. */
  async get<T extends object>(key: string, defaults: T): Promise<T> {
    let pending = this.cache.get(key);
    if (!pending) {
      pending = this.rows.find(key);
      this.cache.set(key, pending);
      pending.catch(() => this.cache.delete(key));
    }
    const stored = (await pending) as Partial<T> | undefined;
    return { ...defaults, ...stored };
  }

  /** The stored document as this transaction sees it, past the cache: for a decision that must not act on a stale copy. */
  async getFresh<T extends object>(key: string, defaults: T, manager: EntityManager): Promise<T> {
    const stored = (await this.rows.find(key, manager)) as Partial<T> | undefined;
    return { ...defaults, ...stored };
  }

  /** Writes the whole document (inside the caller's transaction when one is given). */
  async put<T extends object>(key: string, value: T, manager?: EntityManager): Promise<void> {
    await this.rows.put(key, value, manager);
    this.cache.delete(key);
    await this.changes.publish({ kind: 'settings', id: key });
  }
}
