import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { ChangeBus } from '../../../common/change-bus.js';
import { DomainError } from '../../../common/domain-error.js';
import { ProviderDocuments } from '../../../common/provider-documents.js';
import { GroupsService, type GroupEntity } from '../../directory/index.js';
import { ProviderService } from '../../provider/index.js';
import { findDanglingRules, namedLocalGroups, type NamedGroupRule } from '../domain/dangling-rules.js';
import {
  defaultGroupMapping,
  validateGroupMapping,
  type GroupMapping,
  type GroupMappingInput,
  type ManualRule,
  type MappingProblem,
} from '../domain/group-mapping.js';

/** The mapping as the API shows it: the document, and the rules naming groups that do not exist (read-only, ignored on PUT). */
export type GroupMappingReport = GroupMapping & { readonly danglingRules: readonly NamedGroupRule[] };

export type GroupMappingValidation = { ok: true; mapping: GroupMapping } | { ok: false; problems: MappingProblem[] };

/** Per-provider group mapping: which local groups a login adds and removes from the provider's groups. */
@Injectable()
export class GroupMappingService {
  private readonly documents: ProviderDocuments<GroupMapping>;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly changes: ChangeBus,
    private readonly providers: ProviderService,
    private readonly groups: GroupsService,
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

  /** The stored mapping with its dangling rules: a group a rule names may have been deleted since. */
  async report(providerId: string): Promise<GroupMappingReport> {
    const mapping = await this.get(providerId);
    return { ...mapping, danglingRules: await this.danglingRules(mapping) };
  }

  /**
   * The admin API's save. A rule naming a local group that does not exist would be skipped at
   * every login, silently: it is refused (422, naming the group and the rule), unless
   * `createMissing` asks for the groups to be created with the mapping, in one transaction.
   */
  async save(
    providerId: string,
    input: GroupMappingInput,
    options: { createMissing: boolean },
  ): Promise<{ report: GroupMappingReport; createdGroups: GroupEntity[] }> {
    await this.providers.get(providerId);
    const mapping = checked(input);
    const dangling = await this.danglingRules(mapping);
    if (dangling.length === 0) {
      await this.documents.put(providerId, mapping);
      return { report: { ...mapping, danglingRules: [] }, createdGroups: [] };
    }
    if (!options.createMissing) {
      const errors = dangling.map((rule) => ({
        field: `manual.rules[${rule.index}].localGroup`,
        reason: `names the local group "${rule.localGroup}", which does not exist (create it first, or save with ?createMissing=true)`,
      }));
      throw new DomainError('UNPROCESSABLE', errors.map((e) => `${e.field}: ${e.reason}`).join('; '), { errors, danglingRules: dangling });
    }
    const createdGroups = await this.db.transaction(async (manager) => {
      const created = await this.groups.createMissing(
        dangling.map((rule) => rule.localGroup),
        manager,
      );
      await this.documents.put(providerId, mapping, manager);
      return created;
    });
    await this.changes.publish({ kind: 'provider', id: providerId });
    return { report: { ...mapping, danglingRules: [] }, createdGroups };
  }

  /**
   * With `manager`: inside the caller's transaction (the provider may be new in it), which
   * announces the provider change after commit.
   */
  async put(providerId: string, input: GroupMapping, manager?: EntityManager): Promise<GroupMapping> {
    if (!manager) await this.providers.get(providerId);
    // A configuration import brings mappings, not groups (directory data): dangling rules are
    // reported by GET afterwards rather than refusing the import.
    const mapping = checked(input);
    await this.documents.put(providerId, mapping, manager);
    return mapping;
  }

  /** The mapping rules for a document whose shape the API's DTO accepted, as a list (a configuration import reports every problem at once). */
  validate(input: GroupMappingInput): GroupMappingValidation {
    const mapping = normalise(input);
    const problems = validateGroupMapping(mapping);
    return problems.length > 0 ? { ok: false, problems } : { ok: true, mapping };
  }

  private async danglingRules(mapping: GroupMapping): Promise<NamedGroupRule[]> {
    const named = namedLocalGroups(mapping);
    if (named.length === 0) return [];
    return findDanglingRules(mapping, await this.groups.existingKeys(named.map((rule) => rule.localGroup)));
  }
}

function checked(input: GroupMappingInput): GroupMapping {
  const mapping = normalise(input);
  const problems = validateGroupMapping(mapping);
  if (problems.length > 0) {
    throw new DomainError('VALIDATION_FAILED', problems.map((p) => `${p.field}: ${p.reason}`).join('; '), { errors: problems });
  }
  return mapping;
}

/** A plain document (DTO instances carry class identity and unset fields). */
function normalise(input: GroupMappingInput): GroupMapping {
  const rules: ManualRule[] = input.manual.rules.map((rule) =>
    'idpGroupPattern' in rule && typeof rule.idpGroupPattern === 'string'
      ? { localGroup: rule.localGroup, idpGroupPattern: rule.idpGroupPattern }
      : { localGroup: rule.localGroup, idpGroups: [...(rule.idpGroups ?? [])] },
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
