import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { IsNull, type Repository } from 'typeorm';
import { ApiTokenEntity, type ApiTokenScope } from '../api-token.entity.js';

/** `api_tokens`: found by the token's hash (a unique index), never by the token. */
@Injectable()
export class ApiTokensRepository {
  constructor(@InjectRepository(ApiTokenEntity) private readonly tokens: Repository<ApiTokenEntity>) {}

  insert(token: { id: string; name: string; scope: ApiTokenScope; tokenHash: Buffer; tokenPrefix: string }): Promise<ApiTokenEntity> {
    return this.tokens.save(this.tokens.create(token));
  }

  /** Every token, revoked ones included, oldest first. */
  list(): Promise<ApiTokenEntity[]> {
    return this.tokens.find({ order: { createdAt: 'ASC' } });
  }

  /** Marks the token revoked; false when there is no unrevoked token with this id. */
  async revoke(id: string, at: Date): Promise<boolean> {
    const result = await this.tokens.update({ id, revokedAt: IsNull() }, { revokedAt: at });
    return Boolean(result.affected);
  }

  exists(id: string): Promise<boolean> {
    return this.tokens.existsBy({ id });
  }

  findUnrevoked(tokenHash: Buffer): Promise<ApiTokenEntity | null> {
    return this.tokens.findOne({ where: { tokenHash, revokedAt: IsNull() } });
  }

  /** Whether a token with this hash was ever registered, revoked or not. */
  existsByHash(tokenHash: Buffer): Promise<boolean> {
    return this.tokens.createQueryBuilder('t').where('t.token_hash = :hash', { hash: tokenHash }).getExists();
  }

  count(): Promise<number> {
    return this.tokens.count();
  }

  async touch(id: string, at: Date): Promise<void> {
    await this.tokens.update({ id }, { lastUsedAt: at });
  }
}
