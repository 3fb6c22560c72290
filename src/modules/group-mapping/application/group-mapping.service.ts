import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { ChangeBus } from '../../../common/change-bus.js';
import { DomainError } from '../../../common/domain-error.js';
import { ProviderDocuments } from '../../../common/provider-documents.js';
import { ProviderService } from '../../provider/index.js';
import { defaultGroupMapping, validateGroupMapping, type GroupMapping, type ManualRule } from '../domain/group-mapping.js';

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

  async put(providerId: string, input: GroupMapping): Promise<GroupMapping> {
    await this.providers.get(providerId);
    const mapping = normalise(input);
    const problems = validateGroupMapping(mapping);
    if (problems.length > 0) {
      throw new DomainError('VALIDATION_FAILED', problems.map((p) => `${p.field}: ${p.reason}`).join('; '), { errors: problems });
    }
    await this.documents.put(providerId, mapping);
    return mapping;
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
