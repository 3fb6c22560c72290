import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';

/** One-time Test Configuration links (`test_links`, by token hash) and each provider's last result (`test_results`). */
@Injectable()
export class TestConfigurationRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Stores a link, first removing the links expired at `now`. */
  async insertLink(tokenHash: Buffer, providerId: string, expiresAt: Date, now: Date): Promise<void> {
    await this.db.query(`DELETE FROM test_links WHERE expires_at < $1`, [now]);
    await this.db.query(`INSERT INTO test_links (token_hash, provider_id, expires_at) VALUES ($1, $2, $3)`, [
      tokenHash,
      providerId,
      expiresAt,
    ]);
  }

  /** Deletes the link if it is this provider's and unexpired at `now`; true when it was. */
  async consumeLink(tokenHash: Buffer, providerId: string, now: Date): Promise<boolean> {
    const rows: unknown[] = await this.db.query(
      `WITH used AS (DELETE FROM test_links WHERE token_hash = $1 AND provider_id = $2 AND expires_at > $3 RETURNING 1) SELECT * FROM used`,
      [tokenHash, providerId, now],
    );
    return rows.length === 1;
  }

  /** `result` is the JSON text of the result. */
  async saveResult(providerId: string, result: string, testedAt: Date): Promise<void> {
    await this.db.query(
      `INSERT INTO test_results (provider_id, result, tested_at) VALUES ($1, $2, $3)
       ON CONFLICT (provider_id) DO UPDATE SET result = EXCLUDED.result, tested_at = EXCLUDED.tested_at`,
      [providerId, result, testedAt],
    );
  }

  async findResult(providerId: string): Promise<unknown> {
    const rows: { result: unknown }[] = await this.db.query(`SELECT result FROM test_results WHERE provider_id = $1`, [providerId]);
    return rows[0]?.result;
  }
}
