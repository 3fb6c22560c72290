import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import type { Logger } from 'pino';
import { ConfigurationError } from '../../../config/index.js';
import { LOGGER } from '../../../common/logger.js';
import { SecretBox } from '../../../common/secret-box.js';
import type { SealedValues } from '../../../database/sealed-column.js';
import { ProviderSecretsReseal } from '../../provider/index.js';
import { IdTokensReseal } from '../../session/index.js';
import { SecretKeyCheckRepository } from '../infrastructure/secret-key-check.repository.js';
import { decideKeyCheck, wrongKeyProblem, type KeyCheckDecision } from '../domain/decide-key-check.js';

/**
 * Makes sure SESAME_SECRET_KEY is the key this database's secrets were sealed with, before
 * Sesame listens (a wrong key would otherwise turn every login into a 500), and carries a
 * key rotation through: every value sealed with a previous key is re-sealed in the
 * background, then the stored check moves to the current key.
 *
 * The check runs when the modules initialise: after the migrations, before any bootstrap hook
 * (the demo provider seals its secret there) and before Sesame listens.
 */
@Injectable()
export class SecretKeyService implements OnModuleInit, OnApplicationBootstrap, OnModuleDestroy {
  private readonly owners: readonly SealedValues[];
  private decision: KeyCheckDecision | undefined;
  private running: Promise<void> | undefined;
  private stopping = false;

  constructor(
    private readonly check: SecretKeyCheckRepository,
    private readonly secrets: SecretBox,
    @Inject(LOGGER) private readonly logger: Logger,
    providerSecrets: ProviderSecretsReseal,
    idTokens: IdTokensReseal,
  ) {
    this.owners = [providerSecrets, idTokens];
  }

  onModuleInit(): Promise<void> {
    return this.verify();
  }

  onApplicationBootstrap(): void {
    this.startBackgroundReseal();
  }

  /** Throws a ConfigurationError naming SESAME_SECRET_KEY when the key ring cannot open this database. */
  async verify(): Promise<void> {
    let decision = await this.decide();
    if (decision.kind === 'first-start') {
      await this.refuseIfStoredValuesStayShut();
      await this.check.insertFirst(this.secrets.checkValue);
      // Another instance may have written its own check first: decide on what is stored now.
      decision = await this.decide();
      if (decision.kind === 'current') this.logger.info('stored the check value of SESAME_SECRET_KEY');
    }
    if (decision.kind === 'wrong' || decision.kind === 'first-start') {
      throw new ConfigurationError('SESAME_SECRET_KEY', wrongKeyProblem(this.secrets.hasPreviousKeys));
    }
    if (decision.kind === 'previous')
      this.logger.warn('the secrets are sealed with a key from SESAME_SECRET_KEY_PREVIOUS; re-sealing them');
    this.decision = decision;
  }

  /** With previous keys configured, re-seals in the background; the log says when it is done. */
  startBackgroundReseal(): void {
    if (!this.secrets.hasPreviousKeys || !this.decision || this.running) return;
    this.running = this.resealAll().catch((error: unknown) =>
      this.logger.warn({ err: error }, 'the background re-seal stopped; it starts again with the next start-up'),
    );
  }

  /** Waits for the current batch, so the database is not closed under it. */
  async onModuleDestroy(): Promise<void> {
    this.stopping = true;
    await this.running;
  }

  private async resealAll(): Promise<void> {
    const counts: Record<string, { resealed: number; unreadable: number }> = {};
    for (const owner of this.owners) {
      counts[owner.name] = await owner.reseal({ stopped: () => this.stopping });
      if (this.stopping) return;
    }
    const unreadable = Object.values(counts).reduce((sum, c) => sum + c.unreadable, 0);
    if (unreadable > 0)
      this.logger.warn({ counts }, 'some sealed values open with no configured key and were left as they are (they cannot be used)');
    if (this.decision?.kind === 'previous') {
      await this.check.replace(this.secrets.checkValue, this.decision.stored);
    }
    this.logger.info(
      { counts },
      'background re-seal finished: every secret is sealed with SESAME_SECRET_KEY; once all instances run with it, remove SESAME_SECRET_KEY_PREVIOUS',
    );
  }

  private async decide(): Promise<KeyCheckDecision> {
    return decideKeyCheck(await this.check.find(), this.secrets.checkValue, this.secrets.previousCheckValues);
  }

  /**
   * A database from before the check existed: values sealed with a key, but no record of it.
   * When a few are stored and none opens, this is the wrong key: do not record it as the right one.
   */
  private async refuseIfStoredValuesStayShut(): Promise<void> {
    let sampled = 0;
    let opened = 0;
    for (const owner of this.owners) {
      const sample = await owner.sample();
      sampled += sample.sampled;
      opened += sample.opened;
    }
    if (sampled > 0 && opened === 0) throw new ConfigurationError('SESAME_SECRET_KEY', wrongKeyProblem(this.secrets.hasPreviousKeys));
  }
}
