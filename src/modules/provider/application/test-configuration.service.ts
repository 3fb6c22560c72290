import { createHash, randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { AppConfig } from '../../../config/index.js';
import { Clock } from '../../../common/clock.js';
import { notFound } from '../../../common/domain-error.js';

const LINK_LIFETIME_MS = 10 * 60 * 1000;

/**
 * What a Test Configuration run found: every attribute the provider sent, or why it failed.
 * The preview's shape belongs to the login module, which fills it; here it is stored as is.
 */
export interface TestResult<Preview = unknown> {
  readonly ok: boolean;
  readonly testedAt: string;
  readonly claims: { readonly idToken: Record<string, unknown> | null; readonly userinfo: Record<string, unknown> | null };
  readonly attributes: { path: string; value: string }[];
  /** Why it failed: the code, the step, the provider's `error` and `error_description`, and what to check. */
  readonly error: {
    code: string;
    message: string;
    step: string | null;
    error: string | null;
    error_description: string | null;
    hint: string | null;
  } | null;
  readonly preview: Preview;
}

const hash = (token: string) => createHash('sha256').update(token).digest();

/** One-time Test Configuration links and the last result of each provider. */
@Injectable()
export class TestConfigurationService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  async createLink(providerId: string, slug: string): Promise<{ url: string; expiresAt: Date }> {
    const token = randomBytes(32).toString('base64url');
    const expiresAt = new Date(this.clock.nowMs() + LINK_LIFETIME_MS);
    await this.db.query(`DELETE FROM test_links WHERE expires_at < $1`, [this.clock.now()]);
    await this.db.query(`INSERT INTO test_links (token_hash, provider_id, expires_at) VALUES ($1, $2, $3)`, [
      hash(token),
      providerId,
      expiresAt,
    ]);
    return { url: `${this.config.publicUrl}/sso/${slug}/test?token=${token}`, expiresAt };
  }

  /** Uses up a link; true only once, within its lifetime, for the provider it was made for. */
  async consumeLink(providerId: string, token: string): Promise<boolean> {
    const rows: unknown[] = await this.db.query(
      `WITH used AS (DELETE FROM test_links WHERE token_hash = $1 AND provider_id = $2 AND expires_at > $3 RETURNING 1) SELECT * FROM used`,
      [hash(token), providerId, this.clock.now()],
    );
    return rows.length === 1;
  }

  async saveResult(providerId: string, result: TestResult): Promise<void> {
    await this.db.query(
      `INSERT INTO test_results (provider_id, result, tested_at) VALUES ($1, $2, $3)
       ON CONFLICT (provider_id) DO UPDATE SET result = EXCLUDED.result, tested_at = EXCLUDED.tested_at`,
      [providerId, JSON.stringify(result, withoutNul), this.clock.now()],
    );
  }

  async lastResult(providerId: string): Promise<TestResult> {
    const rows: { result: TestResult }[] = await this.db.query(`SELECT result FROM test_results WHERE provider_id = $1`, [providerId]);
    if (!rows[0]) throw notFound('Test result for provider', providerId);
    return rows[0].result;
  }
}

/**
 * jsonb refuses NUL (\u0000), which a provider may send in any claim: the result shows U+FFFD
 * in its place, so the administrator still sees which claim carried it.
 */
function withoutNul(_key: string, value: unknown): unknown {
  return typeof value === 'string' && value.includes('\u0000') ? value.replaceAll('\u0000', '\ufffd') : value;
}
