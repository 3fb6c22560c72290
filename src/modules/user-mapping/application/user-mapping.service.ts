import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { ChangeBus } from '../../../common/change-bus.js';
import { ProviderDocuments } from '../../../common/provider-documents.js';
import { ProviderService, type Provider } from '../../provider/index.js';
import { defaultUserMapping, type UserMapping } from '../domain/user-mapping.js';

/** Per-provider profile mapping (which claims fill username, email and names, and how a first login finds an account); a provider without one uses its preset's defaults. */
@Injectable()
export class UserMappingService {
  private readonly documents: ProviderDocuments<UserMapping>;

  constructor(
    @InjectDataSource() db: DataSource,
    changes: ChangeBus,
    private readonly providers: ProviderService,
  ) {
    this.documents = new ProviderDocuments(db, 'user_mappings', changes);
  }

  forProvider(provider: Provider): Promise<UserMapping> {
    return this.documents.get(provider.id, { ...defaultUserMapping(provider.preset), trustEmail: provider.trustEmail });
  }

  async get(providerId: string): Promise<UserMapping> {
    return this.forProvider(await this.providers.get(providerId));
  }

  /**
   * With `manager`: inside the caller's transaction (the provider may be new in it), which
   * announces the provider change after commit.
   */
  async put(providerId: string, mapping: UserMapping, manager?: EntityManager): Promise<UserMapping> {
    if (!manager) await this.providers.get(providerId);
    await this.documents.put(providerId, mapping, manager);
    return mapping;
  }
}
