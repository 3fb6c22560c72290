import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { Clock } from '../../../common/clock.js';
import { LOGGER } from '../../../common/logger.js';
import { AuditService } from '../../audit/index.js';
import { UsersService } from '../../directory/index.js';
import { MetricsService } from '../../metrics/index.js';
import { SessionsService, type CreatedSession } from '../../session/index.js';
import { SignInSettingsService, backdoorOpens, decideBackdoorAccount } from '../../sign-in/index.js';
import { BackdoorAttempts } from './backdoor-attempts.js';

export interface BackdoorSignInRequest {
  readonly username: string;
  readonly password: string;
  readonly ip: string;
  readonly userAgent: string | null;
  readonly requestId: string;
}

/** A refusal carries no reason: the person sees one answer whatever went wrong (the audit log has the reason). */
export type BackdoorSignInOutcome =
  { readonly ok: true; readonly userId: string; readonly session: CreatedSession } | { readonly ok: false };

/**
 * The emergency local login. Every attempt does the same work, whatever its outcome
 * turns out to be: it is counted, the user is looked up, one argon2 verification runs, and it is
 * audited. So unknown user, wrong password, a user not allowed and a lock-out look alike, in
 * the answer and in the time it takes.
 */
@Injectable()
export class BackdoorService {
  constructor(
    private readonly settings: SignInSettingsService,
    private readonly users: UsersService,
    private readonly sessions: SessionsService,
    private readonly attempts: BackdoorAttempts,
    private readonly audit: AuditService,
    private readonly metrics: MetricsService,
    private readonly clock: Clock,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /** Whether /backdoor answers at all for this key (a disabled backdoor and a wrong key look alike). */
  async isOpen(presentedKey: unknown): Promise<boolean> {
    return backdoorOpens((await this.settings.get()).backdoor, presentedKey);
  }

  async signIn(request: BackdoorSignInRequest): Promise<BackdoorSignInOutcome> {
    const { backdoor } = await this.settings.get();
    const attempt = await this.attempts.count(BackdoorAttempts.keysFor(request.username, request.ip), this.clock.nowMs());
    // Runs even when the attempt is locked out, so a lock-out takes as long as a wrong password.
    const check = await this.users.checkPassword(request.username, request.password);
    const account = decideBackdoorAccount(backdoor, check.account, check.passwordMatches);
    const refusal = !attempt.decision.allowed ? `locked_${attempt.decision.lockedBy}` : account.allowed ? null : account.reason;

    if (refusal !== null || check.account === null) {
      await this.attempts.failed(attempt);
      this.metrics.backdoorAttempt('failure');
      await this.record(request, 'failure', check.account?.id ?? null, {
        reason: refusal,
        ...(attempt.decision.allowed ? {} : { retryAfterSeconds: Math.ceil(attempt.decision.retryAfterMs / 1000) }),
      });
      this.logger.info(
        { event: 'backdoor_login', outcome: 'failure', reason: refusal, reqId: request.requestId },
        'backdoor login refused',
      );
      return { ok: false };
    }

    const userId = check.account.id;
    await check.upgradeHash?.();
    await this.attempts.succeeded(attempt);
    const session = await this.sessions.create({
      userId,
      method: 'backdoor',
      rememberMe: false,
      ip: request.ip,
      userAgent: request.userAgent,
    });
    await this.users.markSignedIn(userId, this.clock.now());
    this.metrics.backdoorAttempt('success');
    await this.record(request, 'success', userId, { rehashed: check.upgradeHash !== null });
    this.logger.info({ event: 'backdoor_login', outcome: 'success', userId, reqId: request.requestId }, 'signed in through the backdoor');
    return { ok: true, userId, session };
  }

  private record(request: BackdoorSignInRequest, outcome: 'success' | 'failure', userId: string | null, details: Record<string, unknown>) {
    return this.audit.record({
      type: 'backdoor_login',
      outcome,
      code: outcome === 'failure' ? 'BACKDOOR_LOGIN_FAILED' : null,
      userId,
      username: request.username,
      ip: request.ip,
      userAgent: request.userAgent,
      requestId: request.requestId,
      details,
    });
  }
}
