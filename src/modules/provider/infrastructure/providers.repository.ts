import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { EntityManager, Repository } from 'typeorm';
import type { ProviderSettings } from '../domain/provider.js';
import { ProviderEntity } from './provider.entity.js';

/**
 * `providers`. The sealed client secret is read only by findWithSecretBySlug (the entity leaves it
 * out of every other select). With `manager`, a method runs inside the caller's transaction.
 */
@Injectable()
export class ProvidersRepository {
  constructor(@InjectRepository(ProviderEntity) private readonly providers: Repository<ProviderEntity>) {}

  transaction<T>(work: (tx: EntityManager) => Promise<T>): Promise<T> {
    return this.providers.manager.transaction(work);
  }

  /** In login-page order. */
  list(): Promise<ProviderEntity[]> {
    return this.providers.find({ order: { order: 'ASC', slug: 'ASC' } });
  }

  findById(id: string, manager?: EntityManager): Promise<ProviderEntity | null> {
    return (manager ?? this.providers.manager).findOneBy(ProviderEntity, { id });
  }

  findBySlug(slug: string): Promise<ProviderEntity | null> {
    return this.providers.findOneBy({ slug });
  }

  findWithSecretBySlug(slug: string): Promise<ProviderEntity | null> {
    return this.providers.createQueryBuilder('p').addSelect('p.clientSecretSealed').where('p.slug = :slug', { slug }).getOne();
  }

  async hasSecret(id: string): Promise<boolean> {
    const row = await this.providers
      .createQueryBuilder('p')
      .select('p.client_secret_sealed IS NOT NULL', 'has')
      .where('p.id = :id', { id })
      .getRawOne<{ has: boolean }>();
    return row?.has ?? false;
  }

  /** A new provider without a secret (its id seals the secret, so the secret follows); answers its id. */
  async insert(fields: ProviderSettings, manager: EntityManager): Promise<string> {
    const row = await manager.save(
      manager.create(ProviderEntity, {
        ...fields,
        scopes: [...fields.scopes],
        allowedTenants: [...fields.allowedTenants],
        authorizeParams: { ...fields.authorizeParams },
        clientSecretSealed: null,
      }),
    );
    return row.id;
  }

  /** True when there was such a provider. */
  async update(id: string, changes: Partial<ProviderEntity>, manager?: EntityManager): Promise<boolean> {
    const result = await (manager ?? this.providers.manager).update(ProviderEntity, { id }, changes);
    return Boolean(result.affected);
  }

  /** True when there was such a provider. */
  async delete(id: string): Promise<boolean> {
    const result = await this.providers.delete({ id });
    return Boolean(result.affected);
  }
}
