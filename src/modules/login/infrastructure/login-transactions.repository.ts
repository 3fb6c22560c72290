import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { Clock } from '../../../common/clock.js';

/** One login in flight: what the callback needs to finish it, bound to the browser that began it. */
export interface LoginTransaction {
  readonly state: string;
  readonly providerId: string;
  readonly nonce: string | null;
  readonly codeVerifier: string;
  readonly returnTo: string;
  readonly rememberMe: boolean;
  readonly mode: 'login' | 'test';
}

const LIFETIME_MS = 10 * 60 * 1000;

export const hashBinding = (binding: string) => createHash('sha256').update(binding).digest();

/**
 * Login transactions live in Postgres, so any instance can finish a login another began. Each is
 * used once: the callback deletes it in the same statement that reads it.
 */
@Injectable()
export class LoginTransactions {
  private lastPurge = 0;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
  ) {}

  async save(tx: LoginTransaction, binding: string): Promise<void> {
    const now = this.clock.nowMs();
    await this.db.query(
      `INSERT INTO login_transactions (state, provider_id, browser_binding_hash, nonce, code_verifier, return_to, remember_me, mode, created_at, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [
        tx.state,
        tx.providerId,
        hashBinding(binding),
        tx.nonce,
        tx.codeVerifier,
        tx.returnTo,
        tx.rememberMe,
        tx.mode,
        new Date(now),
        new Date(now + LIFETIME_MS),
      ],
    );
    if (now - this.lastPurge > 60_000) {
      this.lastPurge = now;
      void this.db.query(`DELETE FROM login_transactions WHERE expires_at < $1`, [new Date(now)]).catch(() => undefined);
    }
  }

  /** The transaction for this state and browser, consumed; null when unknown, used, expired or another browser's. */
  async consume(state: string, binding: string | undefined): Promise<LoginTransaction | null> {
    if (!binding) return null;
    const rows: Record<string, unknown>[] = await this.db.query(
      `WITH used AS (DELETE FROM login_transactions WHERE state = $1 AND browser_binding_hash = $2 RETURNING *)
       SELECT * FROM used WHERE expires_at > $3`,
      [state, hashBinding(binding), this.clock.now()],
    );
    const row = rows[0];
    if (!row) return null;
    return {
      state: row.state as string,
      providerId: row.provider_id as string,
      nonce: row.nonce as string | null,
      codeVerifier: row.code_verifier as string,
      returnTo: row.return_to as string,
      rememberMe: row.remember_me as boolean,
      mode: row.mode as 'login' | 'test',
    };
  }
}
