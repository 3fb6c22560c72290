import { createHash, randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AppConfig } from '../../../config/index.js';
import { Clock } from '../../../common/clock.js';
import { notFound } from '../../../common/domain-error.js';
import { TestConfigurationRepository } from '../infrastructure/test-configuration.repository.js';

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
    private readonly rows: TestConfigurationRepository,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  async createLink(providerId: string, slug: string): Promise<{ url: string; expiresAt: Date }> {
    const token = randomBytes(32).toString('base64url');
    const expiresAt = new Date(this.clock.nowMs() + LINK_LIFETIME_MS);
    await this.rows.insertLink(hash(token), providerId, expiresAt, this.clock.now());
    return { url: `${this.config.publicUrl}/sso/${slug}/test?token=${token}`, expiresAt };
  }

  /** Uses up a link; true only once, within its lifetime, for the provider it was made for. */
  async consumeLink(providerId: string, token: string): Promise<boolean> {
    return this.rows.consumeLink(hash(token), providerId, this.clock.now());
  }

  async saveResult<Preview>(providerId: string, result: TestResult<Preview>): Promise<void> {
    await this.rows.saveResult(providerId, JSON.stringify(result, withoutNul), this.clock.now());
  }

  /** The preview comes back as the login stored it: the caller names its shape. */
  async lastResult<Preview = unknown>(providerId: string): Promise<TestResult<Preview>> {
    const result = await this.rows.findResult(providerId);
    if (result === undefined) throw notFound('Test result for provider', providerId);
    return result as TestResult<Preview>;
  }
}

/**
 * jsonb refuses NUL (\u0000), which a provider may send in any claim: the result shows U+FFFD
 * in its place, so the administrator still sees which claim carried it.
 */
function withoutNul(_key: string, value: unknown): unknown {
  return typeof value === 'string' && value.includes('\u0000') ? value.replaceAll('\u0000', '\ufffd') : value;
}
