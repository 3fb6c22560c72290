import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';

/** The one row of `secret_key_check`: the check value of the key this database's secrets are sealed with. */
@Injectable()
export class SecretKeyCheckRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async find(): Promise<string | null> {
    const rows: { check_value: string }[] = await this.db.query(`SELECT check_value FROM secret_key_check WHERE id = 1`);
    return rows[0]?.check_value ?? null;
  }

  /** Stores the first check value; a value another instance stored first stays. */
  async insertFirst(checkValue: string): Promise<void> {
    await this.db.query(`INSERT INTO secret_key_check (id, check_value) VALUES (1, $1) ON CONFLICT (id) DO NOTHING`, [checkValue]);
  }

  /** Moves the check to the current key, only from the value this instance read. */
  async replace(current: string, stored: string): Promise<void> {
    await this.db.query(`UPDATE secret_key_check SET check_value = $1, updated_at = now() WHERE check_value = $2`, [current, stored]);
  }
}
