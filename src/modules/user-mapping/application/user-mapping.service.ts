import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { plainToInstance } from 'class-transformer';
import { validate as validateDto } from 'class-validator';
import type { DataSource, EntityManager } from 'typeorm';
import { ChangeBus } from '../../../common/change-bus.js';
import { ProviderDocuments } from '../../../common/provider-documents.js';
import { flattenValidationErrors, type FieldError } from '../../../common/validation.js';
import { ProviderService, type Provider } from '../../provider/index.js';
import { defaultUserMapping, type UserMapping } from '../domain/user-mapping.js';
import { UserMappingDto } from '../http/user-mapping.dto.js';

export type UserMappingValidation = { ok: true; mapping: UserMapping } | { ok: false; problems: FieldError[] };

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
    return this.documents.get(provider.id, { ...defaultUserMapping(provider.preset), trustEmail: provider.trustedForEmail });
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

  /** What the API would refuse `value` for, as a list (a configuration import reports every problem at once). */
  async validate(value: unknown): Promise<UserMappingValidation> {
    const dto = plainToInstance(UserMappingDto, value);
    const errors = await validateDto(dto, {
      whitelist: true,
      forbidNonWhitelisted: true,
      validationError: { target: false, value: false },
    });
    if (errors.length > 0) return { ok: false, problems: flattenValidationErrors(errors) };
    const { usernameAttribute, emailAttribute, firstNameAttribute, lastNameAttribute, displayNameAttribute } = dto;
    const { matchBy, allowUserCreation, updateProfileOnLogin, updateUsernameOnLogin, relinkOnSubjectChange, trustEmail } = dto;
    return {
      ok: true,
      mapping: {
        usernameAttribute,
        emailAttribute,
        firstNameAttribute,
        lastNameAttribute,
        displayNameAttribute,
        matchBy,
        allowUserCreation,
        updateProfileOnLogin,
        updateUsernameOnLogin,
        relinkOnSubjectChange,
        trustEmail,
      },
    };
  }
}
