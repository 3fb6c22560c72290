import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { SecretBox } from '../../../common/secret-box.js';
import { resealColumn, sampleColumn, type SealedColumn, type SealedValues } from '../../../database/sealed-column.js';
import { secretPurpose } from './provider.service.js';

const CLIENT_SECRETS: SealedColumn = { table: 'providers', column: 'client_secret_sealed', purpose: secretPurpose };

/**
 * The providers' client secrets under key rotation. A re-sealed secret is the same secret, so
 * no change is announced: the other instances' cached clients stay valid.
 */
@Injectable()
export class ProviderSecretsReseal implements SealedValues {
  readonly name = 'provider client secrets';

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly secrets: SecretBox,
  ) {}

  reseal(options: { stopped?: () => boolean } = {}) {
    return resealColumn(this.db, this.secrets, CLIENT_SECRETS, options);
  }

  sample() {
    return sampleColumn(this.db, this.secrets, CLIENT_SECRETS);
  }
}
