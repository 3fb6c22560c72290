import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { SecretBox } from '../../../common/secret-box.js';
import { resealColumn, sampleColumn, type SealedColumn, type SealedValues } from '../../../database/sealed-column.js';
import { ID_TOKEN_PURPOSE } from './sessions.service.js';

const ID_TOKENS: SealedColumn = { table: 'sessions', column: 'id_token_sealed', purpose: () => ID_TOKEN_PURPOSE };

/** The ID tokens kept with sessions (for logout at the provider) under key rotation. */
@Injectable()
export class IdTokensReseal implements SealedValues {
  readonly name = 'session ID tokens';

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly secrets: SecretBox,
  ) {}

  reseal(options: { stopped?: () => boolean } = {}) {
    return resealColumn(this.db, this.secrets, ID_TOKENS, options);
  }

  sample() {
    return sampleColumn(this.db, this.secrets, ID_TOKENS);
  }
}
