import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Logger } from 'pino';
import { ChangeBus, type Change } from '../../../common/change-bus.js';
import { Clock } from '../../../common/clock.js';
import { notFound } from '../../../common/domain-error.js';
import { LOGGER } from '../../../common/logger.js';
import { SecretBox } from '../../../common/secret-box.js';
import { SignInSettingsService } from '../../sign-in/index.js';
import { logoutHint } from '../domain/logout-hint.js';
import { sessionLifetime } from '../domain/session-lifetime.js';
import { SessionsRepository, type SessionListRow } from '../infrastructure/sessions.repository.js';
import { hashSessionToken, newSessionToken } from './session-token.js';

export interface NewSession {
  readonly userId: string;
  readonly method: 'sso' | 'backdoor';
  readonly providerId?: string | null;
  readonly providerSubject?: string | null;
  readonly providerSid?: string | null;
  /** Kept sealed for RP-initiated logout (`id_token_hint`), unless too long for it (`logoutHint`). */
  readonly idToken?: string | null;
  readonly rememberMe: boolean;
  readonly ip: string | null;
  readonly userAgent: string | null;
}

export interface CreatedSession {
  readonly id: string;
  readonly token: string;
  readonly expiresAt: Date;
  readonly cookieMaxAgeSeconds: number | null;
}

export type SessionView = SessionListRow;

export const ID_TOKEN_PURPOSE = 'session-id-token';

/** Creating and ending sessions. Every end is announced so every instance drops it from its cache. */
@Injectable()
export class SessionsService implements OnModuleDestroy {
  private readonly unsubscribe: () => void;

  constructor(
    private readonly rows: SessionsRepository,
    private readonly settings: SignInSettingsService,
    private readonly clock: Clock,
    private readonly secrets: SecretBox,
    private readonly changes: ChangeBus,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.unsubscribe = changes.subscribe((change) => void this.endSwitchedOff(change));
  }

  onModuleDestroy(): void {
    this.unsubscribe();
  }

  /** A fresh token every time: a login never adopts a cookie value the browser brought. */
  async create(input: NewSession, manager?: EntityManager): Promise<CreatedSession> {
    const { session: timeouts } = await this.settings.get();
    const now = this.clock.nowMs();
    const lifetime = sessionLifetime(timeouts, input.rememberMe, now);
    const token = newSessionToken();
    const id = await this.rows.insert(
      {
        tokenHash: hashSessionToken(token),
        userId: input.userId,
        providerId: input.providerId ?? null,
        providerSubject: input.providerSubject ?? null,
        providerSid: input.providerSid ?? null,
        idTokenSealed: this.sealedLogoutHint(input.idToken),
        method: input.method,
        rememberMe: lifetime.rememberMe,
        ip: input.ip,
        userAgent: input.userAgent?.slice(0, 500) ?? null,
        createdAt: new Date(now),
        expiresAt: new Date(lifetime.expiresAt),
      },
      manager,
    );
    return { id, token, expiresAt: new Date(lifetime.expiresAt), cookieMaxAgeSeconds: lifetime.cookieMaxAgeSeconds };
  }

  /** Ends the session a cookie names (logout); returns what RP-initiated logout needs. */
  async endByToken(token: string): Promise<{ userId: string; providerId: string | null; idToken: string | null } | null> {
    const row = await this.rows.deleteByTokenHash(hashSessionToken(token));
    if (!row) return null;
    await this.changes.publish({ kind: 'session', id: row.id });
    return { userId: row.user_id, providerId: row.provider_id, idToken: this.openIdToken(row.id_token_sealed) };
  }

  async end(id: string): Promise<void> {
    if (!(await this.rows.deleteById(id))) throw notFound('Session', id);
    await this.changes.publish({ kind: 'session', id });
  }

  async endForUser(userId: string): Promise<number> {
    const affected = await this.rows.deleteForUser(userId);
    await this.changes.publish({ kind: 'user', id: userId });
    return affected;
  }

  /** Back-channel logout: by the provider's session id, or every session of the subject. */
  async endForProviderSession(providerId: string, subject: string | undefined, sid: string | undefined): Promise<number> {
    const ended = await this.rows.deleteForProviderSession(providerId, subject, sid);
    for (const id of ended) await this.changes.publish({ kind: 'session', id });
    return ended.length;
  }

  async list(filter: { userId?: string; limit: number }): Promise<SessionView[]> {
    return this.rows.list(filter, this.clock.now());
  }

  async countActive(): Promise<number> {
    return this.rows.countUnexpired(this.clock.now());
  }

  /** Expired rows are useless; removing them keeps the table the size of the active sessions. */
  async purgeExpired(): Promise<number> {
    return this.rows.deleteExpired(this.clock.now());
  }

  /**
   * A user or provider that is switched off loses its sessions for good, so switching it back on
   * revives none. Every instance runs this (idempotent, and nothing to do unless switched off);
   * the session check also refuses such sessions on its own, in case this has not run yet.
   */
  private async endSwitchedOff(change: Change): Promise<void> {
    try {
      if (change.kind === 'user' && !change.stillActive) {
        await this.rows.deleteForInactiveUser(change.id);
      } else if (change.kind === 'provider') {
        await this.rows.deleteForDisabledProvider(change.id);
      }
    } catch (error) {
      this.logger.warn({ err: error, change }, 'could not end the sessions of a disabled user or provider');
    }
  }

  private sealedLogoutHint(idToken: string | null | undefined): string | null {
    const hint = logoutHint(idToken);
    return hint === null ? null : this.secrets.seal(hint, ID_TOKEN_PURPOSE);
  }

  private openIdToken(sealed: string | null): string | null {
    if (!sealed) return null;
    try {
      return this.secrets.open(sealed, ID_TOKEN_PURPOSE);
    } catch (error) {
      this.logger.warn({ err: error }, 'a stored id_token could not be opened (SESAME_SECRET_KEY changed?)');
      return null;
    }
  }
}
