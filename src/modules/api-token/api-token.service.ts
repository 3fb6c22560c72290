import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { notFound } from '../../common/domain-error.js';
import type { ApiTokenEntity, ApiTokenScope } from './api-token.entity.js';
import { ApiTokensRepository } from './infrastructure/api-tokens.repository.js';

/** Who is calling the admin API: a token (automation), or a person signed in to the console with the session cookie. */
export type ApiPrincipal = TokenPrincipal | ConsolePrincipal;

export interface TokenPrincipal {
  readonly kind: 'token';
  readonly tokenId: string;
  readonly name: string;
  readonly scope: ApiTokenScope;
}

/** A member of the sign-in setting adminGroups: scope "admin" for adminGroups.admin, "read" for adminGroups.readOnly. */
export interface ConsolePrincipal {
  readonly kind: 'session';
  readonly userId: string;
  readonly sessionId: string;
  /** The username, which the audit log records. */
  readonly name: string;
  readonly scope: ApiTokenScope;
}

const TOKEN_PREFIX = 'ses_';
/** The shortest token accepted (SESAME_ADMIN_TOKEN's floor); generated tokens are 47 characters. */
export const MIN_TOKEN_LENGTH = 24;
const MAX_TOKEN_LENGTH = 200;
const LAST_USED_RESOLUTION_MS = 60_000;

/**
 * What the token list shows to tell tokens apart: Sesame's prefix and the start of the row id.
 * Never characters of the token itself: SESAME_ADMIN_TOKEN is a secret the operator chose, and
 * every character shown of a generated one is entropy given away to read-scope callers.
 */
export function displayPrefix(id: string): string {
  return `${TOKEN_PREFIX}…${id.slice(0, 8)}`;
}

export function hashToken(token: string): Buffer {
  return createHash('sha256').update(token).digest();
}

@Injectable()
export class ApiTokenService {
  /** When each token's last_used_at was last written, so a busy token costs one write a minute. */
  private readonly lastUsedWritten = new Map<string, number>();

  constructor(private readonly tokens: ApiTokensRepository) {}

  async create(name: string, scope: ApiTokenScope): Promise<{ token: string; entity: ApiTokenEntity }> {
    const token = TOKEN_PREFIX + randomBytes(32).toString('base64url');
    const id = randomUUID();
    const entity = await this.tokens.insert({ id, name, scope, tokenHash: hashToken(token), tokenPrefix: displayPrefix(id) });
    return { token, entity: this.withoutHash(entity) };
  }

  list(): Promise<ApiTokenEntity[]> {
    return this.tokens.list();
  }

  async revoke(id: string): Promise<void> {
    if (!(await this.tokens.revoke(id, new Date()))) {
      const exists = await this.tokens.exists(id);
      if (!exists) throw notFound('API token', id);
    }
  }

  async verify(token: string): Promise<ApiPrincipal | null> {
    // Any token of a plausible length, not only Sesame's own format: SESAME_ADMIN_TOKEN may be any
    // string of 24+ characters. Found by its hash (a unique index), so no scan and no per-row compare.
    if (token.length < MIN_TOKEN_LENGTH || token.length > MAX_TOKEN_LENGTH) return null;
    const found = await this.tokens.findUnrevoked(hashToken(token));
    if (!found) return null;
    this.touch(found.id);
    return { kind: 'token', tokenId: found.id, name: found.name, scope: found.scope };
  }

  /**
   * The first token: SESAME_ADMIN_TOKEN when set (registered once), otherwise generated on a
   * first start when no token exists and printed once, since there is no other way to get in.
   */
  async ensureBootstrapToken(configured: string | undefined, logger: Logger): Promise<void> {
    if (configured) {
      const hash = hashToken(configured);
      const exists = await this.tokens.existsByHash(hash);
      if (!exists) {
        const id = randomUUID();
        await this.tokens.insert({ id, name: 'SESAME_ADMIN_TOKEN', scope: 'admin', tokenHash: hash, tokenPrefix: displayPrefix(id) });
      }
      return;
    }
    if ((await this.tokens.count()) > 0) return;
    const { token } = await this.create('initial admin token', 'admin');
    logger.warn(
      `No admin API token existed, so one was created. It is shown only now; store it safely: ${token} ` + '(or set SESAME_ADMIN_TOKEN).',
    );
  }

  private touch(id: string): void {
    const now = Date.now();
    if (now - (this.lastUsedWritten.get(id) ?? 0) < LAST_USED_RESOLUTION_MS) return;
    this.lastUsedWritten.set(id, now);
    void this.tokens.touch(id, new Date(now)).catch(() => this.lastUsedWritten.delete(id));
  }

  private withoutHash(entity: ApiTokenEntity): ApiTokenEntity {
    const { tokenHash: _hash, ...rest } = entity;
    return rest as ApiTokenEntity;
  }
}
