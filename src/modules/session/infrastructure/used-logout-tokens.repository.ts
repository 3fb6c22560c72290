import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';

/** The `jti`s of back-channel logout tokens already used, kept until the token could no longer be replayed. */
@Injectable()
export class UsedLogoutTokensRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Records the jti; false when it was recorded already (a replay). */
  async claim(providerId: string, jti: string, expiresAt: Date): Promise<boolean> {
    const fresh: unknown[] = await this.db.query(
      `INSERT INTO used_logout_tokens (provider_id, jti, expires_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING 1`,
      [providerId, jti, expiresAt],
    );
    return fresh.length > 0;
  }

  async deleteExpired(now: Date): Promise<void> {
    await this.db.query(`DELETE FROM used_logout_tokens WHERE expires_at < $1`, [now]);
  }
}
