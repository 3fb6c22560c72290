import { Injectable } from '@nestjs/common';
import { Clock } from '../../../../common/clock.js';
import { SecretBox } from '../../../../common/secret-box.js';
import type { Provider } from '../../../provider/index.js';
import { ResyncIdentitiesRepository } from '../../infrastructure/resync-identities.repository.js';
import type { VerifiedIdentity } from '../identity-exchange.js';
import type { AlsoWrite } from '../provisioner.js';

/** Bound to the identity: a sealed token copied to another person's row does not open. */
export const refreshTokenPurpose = (providerId: string, subject: string) => `resync-refresh-token:${providerId}:${subject}`;

/**
 * The refresh tokens a provider grants with the person's consent, sealed with SESAME_SECRET_KEY
 * (as client secrets are) and never logged or returned. Every re-sync writes the token back
 * sealed with the current key, so a key rotation reaches them within one interval.
 */
@Injectable()
export class RefreshTokens {
  constructor(
    private readonly secrets: SecretBox,
    private readonly identities: ResyncIdentitiesRepository,
    private readonly clock: Clock,
  ) {}

  /** What a login writes in its transaction when the provider re-syncs and granted a refresh token; undefined otherwise. */
  keeper(provider: Provider, identity: VerifiedIdentity): AlsoWrite | undefined {
    const refreshToken = identity.refreshToken;
    if (!provider.resync.enabled || !refreshToken) return undefined;
    return async (tx, result) => {
      await this.identities.keep(tx, {
        providerId: provider.id,
        userId: result.userId,
        subject: identity.subject,
        refreshTokenSealed: this.seal(provider.id, identity.subject, refreshToken),
        graphGroups: identity.graphGroups,
        activeUntil: result.session.expiresAt,
        dueAt: new Date(this.clock.nowMs() + provider.resync.intervalSeconds * 1000),
      });
    };
  }

  seal(providerId: string, subject: string, refreshToken: string): string {
    return this.secrets.seal(refreshToken, refreshTokenPurpose(providerId, subject));
  }

  /** null when no configured key opens it (SESAME_SECRET_KEY changed): the person re-syncs again after the next login. */
  open(providerId: string, subject: string, sealed: string): string | null {
    try {
      return this.secrets.open(sealed, refreshTokenPurpose(providerId, subject));
    } catch {
      return null;
    }
  }
}
