import type { DataSource, EntityManager } from 'typeorm';
import type { ChangeBus } from './change-bus.js';

/**
 * A per-provider JSON document (user mapping, group mapping) in its own table, cached for the
 * login flow. Saving announces a provider change, so every instance re-reads it.
 */
export class ProviderDocuments<T extends object> {
  private readonly cache = new Map<string, Promise<Partial<T> | undefined>>();

  constructor(
    private readonly db: DataSource,
    private readonly table: 'user_mappings' | 'group_mappings',
    private readonly changes: ChangeBus,
  ) {
    changes.subscribe((change) => {
      if (change.kind === 'provider') this.cache.delete(change.id);
      else if (change.kind === 'all') this.cache.clear();
    });
  }

  async get(providerId: string, defaults: T): Promise<T> {
    let pending = this.cache.get(providerId);
    if (!pending) {
      pending = this.db
        .query(`SELECT mapping FROM ${this.table} WHERE provider_id = $1`, [providerId])
        .then((rows: { mapping: Partial<T> }[]) => rows[0]?.mapping);
      this.cache.set(providerId, pending);
      pending.catch(() => this.cache.delete(providerId));
    }
    return { ...defaults, ...(await pending) };
  }

  /** With `manager`: inside the caller's transaction, which announces the provider change after commit. */
  async put(providerId: string, document: T, manager?: EntityManager): Promise<void> {
    await (manager ?? this.db.manager).query(
      `INSERT INTO ${this.table} (provider_id, mapping, updated_at) VALUES ($1, $2, now())
       ON CONFLICT (provider_id) DO UPDATE SET mapping = EXCLUDED.mapping, updated_at = now()`,
      [providerId, JSON.stringify(document)],
    );
    this.cache.delete(providerId);
    if (!manager) await this.changes.publish({ kind: 'provider', id: providerId });
  }
}
