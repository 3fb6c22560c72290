import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';

/** The `settings` table: one JSON document per key. */
@Injectable()
export class SettingsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** The stored document, or undefined when none was ever written. */
  async find(key: string, manager?: EntityManager): Promise<unknown> {
    const rows: { value: unknown }[] = await (manager ?? this.db.manager).query(`SELECT value FROM settings WHERE key = $1`, [key]);
    return rows[0]?.value;
  }

  /** Writes the whole document (inside the caller's transaction when one is given). */
  async put(key: string, value: object, manager?: EntityManager): Promise<void> {
    await (manager ?? this.db.manager).query(
      `INSERT INTO settings (key, value, updated_at) VALUES ($1, $2, now())
       ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = now()`,
      [key, JSON.stringify(value)],
    );
  }
}
