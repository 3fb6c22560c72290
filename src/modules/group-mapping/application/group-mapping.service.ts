import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { plainToInstance } from 'class-transformer';
import { validate as validateDto } from 'class-validator';
import type { DataSource, EntityManager } from 'typeorm';
import { ChangeBus } from '../../../common/change-bus.js';
import { DomainError } from '../../../common/domain-error.js';
import { ProviderDocuments } from '../../../common/provider-documents.js';
import { flattenValidationErrors } from '../../../common/validation.js';
import { ProviderService } from '../../provider/index.js';
import {
  defaultGroupMapping,
  validateGroupMapping,
  type GroupMapping,
  type ManualRule,
  type MappingProblem,
} from '../domain/group-mapping.js';
import { GroupMappingDto } from '../http/group-mapping.dto.js';

export type GroupMappingValidation = { ok: true; mapping: GroupMapping } | { ok: false; problems: MappingProblem[] };

/** Per-provider group mapping (seed step 4). */
@Injectable()
export class GroupMappingService {
  private readonly documents: ProviderDocuments<GroupMapping>;

  constructor(
    @InjectDataSource() db: DataSource,
    changes: ChangeBus,
    private readonly providers: ProviderService,
  ) {
    this.documents = new ProviderDocuments(db, 'group_mappings', changes);
  }

  forProvider(providerId: string): Promise<GroupMapping> {
    return this.documents.get(providerId, defaultGroupMapping());
  }

  async get(providerId: string): Promise<GroupMapping> {
    await this.providers.get(providerId);
    return this.forProvider(providerId);
  }

  /**
   * With `manager`: inside the caller's transaction (the provider may be new in it), which
   * announces the provider change after commit.
   */
  async put(providerId: string, input: GroupMapping, manager?: EntityManager): Promise<GroupMapping> {
    if (!manager) await this.providers.get(providerId);
    const mapping = normalise(input);
    const problems = validateGroupMapping(mapping);
    if (problems.length > 0) {
      throw new DomainError('VALIDATION_FAILED', problems.map((p) => `${p.field}: ${p.reason}`).join('; '), { errors: problems });
    }
    await this.documents.put(providerId, mapping, manager);
    return mapping;
  }

  /** The DTO rules and the mapping rules, as a list (a configuration import reports every problem at once). */
  async validate(value: unknown): Promise<GroupMappingValidation> {
    const dto = plainToInstance(GroupMappingDto, value);
    const errors = await validateDto(dto, {
      whitelist: true,
      forbidNonWhitelisted: true,
      validationError: { target: false, value: false },
    });
    if (errors.length > 0) return { ok: false, problems: flattenValidationErrors(errors) };
    const mapping = normalise(dto as unknown as GroupMapping);
    const problems = validateGroupMapping(mapping);
    return problems.length > 0 ? { ok: false, problems } : { ok: true, mapping };
  }
}

/** A plain document (DTO instances carry class identity and unset fields). */
function normalise(input: GroupMapping): GroupMapping {
  const rules: ManualRule[] = input.manual.rules.map((rule) =>
    'idpGroupPattern' in rule && typeof rule.idpGroupPattern === 'string'
      ? { localGroup: rule.localGroup, idpGroupPattern: rule.idpGroupPattern }
      : { localGroup: rule.localGroup, idpGroups: [...((rule as { idpGroups?: string[] }).idpGroups ?? [])] },
  );
  return {
    groupAttribute: input.groupAttribute?.trim() || null,
    defaultGroups: [...input.defaultGroups],
    assignDefaultGroupsTo: input.assignDefaultGroupsTo,
    mode: input.mode,
    updateExistingUsers: input.updateExistingUsers,
    manual: { rules, requireMappedGroupForCreation: input.manual.requireMappedGroupForCreation },
    onTheFly: { ...input.onTheFly, excludeGroups: [...input.onTheFly.excludeGroups] },
    allowedGroups: [...input.allowedGroups],
  };
}
