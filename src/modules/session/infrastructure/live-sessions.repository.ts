import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';

/** Whether someone is signed in through a provider now: a re-sync keeps checking only people who are. */
@Injectable()
export class LiveSessionsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async existFor(providerId: string, subject: string, now: Date): Promise<boolean> {
    const rows: unknown[] = await this.db.query(
      `SELECT 1 FROM sessions WHERE provider_id = $1 AND provider_subject = $2 AND expires_at > $3 LIMIT 1`,
      [providerId, subject, now],
    );
    return rows.length > 0;
  }
}
