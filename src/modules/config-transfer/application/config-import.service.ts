import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Logger } from 'pino';
import type { DataSource, EntityManager } from 'typeorm';
import { ChangeBus } from '../../../common/change-bus.js';
import { DomainError } from '../../../common/domain-error.js';
import { LOGGER } from '../../../common/logger.js';
import { ACCESS_RULES_KEY, AccessRulesService } from '../../access-rules/index.js';
import { AuditService, type AuditRequestContext } from '../../audit/index.js';
import { GroupMappingService } from '../../group-mapping/index.js';
import { LookAndFeelService } from '../../look-and-feel/index.js';
import { ProviderService, type ProviderInput } from '../../provider/index.js';
import { RedirectRulesService, type RedirectRules } from '../../redirect-rules/index.js';
import { SignInSettingsService, type SignInSettings } from '../../sign-in/index.js';
import { SettingsStore } from '../../settings/index.js';
import { UserMappingService } from '../../user-mapping/index.js';
import { providerFields } from '../domain/provider-fields.js';
import { providerChange, settingsChange, type ImportReport, type ProviderChange, type SettingsChange } from '../domain/import-report.js';
import { redirectRulesToEntry, signInSettingsToEntry, type SlugOf } from '../domain/provider-references.js';
import {
  ConfigImportValidator,
  pendingProviderId,
  unprocessable,
  type ValidatedImport,
  type ValidatedProvider,
} from './config-import.validator.js';

/** The SettingsStore keys of the sign-in, redirect-rules and look-and-feel documents (read back through their services in the tests). */
const SETTINGS_KEYS = {
  signInSettings: 'sign-in',
  redirectRules: 'redirect-rules',
  lookAndFeel: 'look-and-feel',
  accessRules: ACCESS_RULES_KEY,
} as const;

interface ProviderStep {
  readonly provider: ValidatedProvider;
  readonly report: ProviderChange;
}

export interface ImportOptions {
  readonly dryRun: boolean;
  readonly passphrase?: string;
  readonly context: AuditRequestContext;
}

/**
 * Applies a configuration document: everything is validated first, then written in ONE
 * transaction, and only then do caches learn about it. Providers are matched by slug; providers
 * that the document does not list are left as they are (an import adds and updates, it never
 * deletes), and so are the sections it leaves out.
 */
@Injectable()
export class ConfigImportService {
  constructor(
    private readonly validator: ConfigImportValidator,
    private readonly providers: ProviderService,
    private readonly userMappings: UserMappingService,
    private readonly groupMappings: GroupMappingService,
    private readonly signIn: SignInSettingsService,
    private readonly redirectRules: RedirectRulesService,
    private readonly lookAndFeel: LookAndFeelService,
    private readonly accessRules: AccessRulesService,
    private readonly store: SettingsStore,
    private readonly changes: ChangeBus,
    private readonly audit: AuditService,
    @InjectDataSource() private readonly db: DataSource,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async import(document: unknown, options: ImportOptions): Promise<ImportReport> {
    const validated = await this.validator.validate(document, options.passphrase);
    const steps = await Promise.all(validated.providers.map((provider) => this.providerStep(provider)));
    const settings = await this.settingsChanges(validated);
    const report: ImportReport = { dryRun: options.dryRun, providers: steps.map((s) => s.report), settings };
    if (options.dryRun) return report;

    const touched = await this.db.transaction((manager) => this.apply(manager, steps, validated, settings));
    for (const id of touched.providerIds) await this.changes.publish({ kind: 'provider', id });
    for (const key of touched.settingsKeys) await this.changes.publish({ kind: 'settings', id: key });
    this.logger.info(
      { event: 'config_import', providers: report.providers.length, reqId: options.context.requestId },
      'configuration imported',
    );
    await this.audit.recordAdminChange({
      ...options.context,
      action: 'update',
      entity: 'configuration',
      entityId: 'import',
      before: null,
      after: report,
    });
    return report;
  }

  /** What the document changes in one provider, compared in document form (secrets compared, never reported). */
  private async providerStep(provider: ValidatedProvider): Promise<ProviderStep> {
    const { existing } = provider;
    const current = existing && {
      ...providerFields(existing),
      userMapping: await this.userMappings.forProvider(existing),
      groupMapping: await this.groupMappings.forProvider(existing.id),
      clientSecret: (await this.providers.findBySlug(existing.slug))?.clientSecret ?? null,
    };
    const next = {
      ...providerFields(provider.fields),
      userMapping: provider.userMapping ?? current?.userMapping,
      groupMapping: provider.groupMapping ?? current?.groupMapping,
      clientSecret: provider.clientSecret === undefined ? (current?.clientSecret ?? null) : provider.clientSecret,
    };
    return { provider, report: providerChange(provider.slug, current, next) };
  }

  private async settingsChanges(validated: ValidatedImport): Promise<ImportReport['settings']> {
    const existing = await this.providers.list();
    const slugs = new Map(existing.map((p) => [p.id, p.slug]));
    for (const p of validated.providers) slugs.set(pendingProviderId(p.slug), p.slug);
    const slugOf: SlugOf = (id) => slugs.get(id);
    const report: Partial<Record<keyof typeof SETTINGS_KEYS, SettingsChange>> = {};
    if (validated.signInSettings) {
      const current = await this.signIn.get();
      const change = settingsChange(signInSettingsToEntry(current, slugOf), signInSettingsToEntry(validated.signInSettings, slugOf));
      const keyChanged = current.backdoor.key !== validated.signInSettings.backdoor.key;
      report.signInSettings = keyChanged ? { change: 'updated', changed: [...change.changed, 'backdoor.key'].sort() } : change;
    }
    if (validated.redirectRules) {
      report.redirectRules = settingsChange(
        redirectRulesToEntry(await this.redirectRules.get(), slugOf),
        redirectRulesToEntry(validated.redirectRules, slugOf),
      );
    }
    if (validated.lookAndFeel) report.lookAndFeel = settingsChange(await this.lookAndFeel.get(), validated.lookAndFeel);
    if (validated.accessRules) report.accessRules = settingsChange(await this.accessRules.get(), validated.accessRules);
    return report;
  }

  private async apply(
    manager: EntityManager,
    steps: readonly ProviderStep[],
    validated: ValidatedImport,
    settings: ImportReport['settings'],
  ) {
    // First, before any row lock: a new adminGroups.admin is judged under the lock every
    // admin-removing write takes (taking it later could deadlock against one of them).
    const countAdmins = settings.signInSettings?.change === 'updated' ? await this.signIn.lockedIn(manager) : null;
    const ids = new Map<string, string>();
    const providerIds: string[] = [];
    for (const { provider, report } of steps) {
      const changed = (section: string) => report.changed.some((path) => path === section || path.startsWith(`${section}.`));
      const input: ProviderInput = { ...providerFields(provider.fields), clientSecret: provider.clientSecret };
      let id = provider.existing?.id;
      if (!id) {
        id = (await this.providers.create(input, manager)).id;
      } else if (report.changed.some((path) => !path.startsWith('userMapping') && !path.startsWith('groupMapping'))) {
        await this.providers.update(id, input, manager);
      }
      ids.set(pendingProviderId(provider.slug), id);
      const created = report.change === 'created';
      if (provider.userMapping && (created || changed('userMapping'))) await this.userMappings.put(id, provider.userMapping, manager);
      if (provider.groupMapping && (created || changed('groupMapping'))) await this.groupMappings.put(id, provider.groupMapping, manager);
      if (report.change !== 'unchanged') providerIds.push(id);
    }

    const resolve = (id: string) => ids.get(id) ?? id;
    const settingsKeys: string[] = [];
    if (validated.signInSettings && settings.signInSettings?.change === 'updated') {
      const next: SignInSettings = validated.signInSettings;
      // Checked again under the admin lock taken first in this transaction (see apply's start):
      // a user disabled since the validation cannot leave adminGroups.admin without an admin.
      // Answered as the validation answers it (422 naming the field), so a race changes nothing for the client.
      if (countAdmins) {
        await this.signIn.refuseNoAdminLeft(manager, next, countAdmins).catch((error: unknown) => {
          if (!(error instanceof DomainError) || error.code !== 'LOCKOUT_GUARD') throw error;
          throw unprocessable([{ field: 'signInSettings.adminGroups.admin', reason: error.message }]);
        });
      }
      const providerId = next.autoRedirect.providerId === null ? null : resolve(next.autoRedirect.providerId);
      await this.store.put(SETTINGS_KEYS.signInSettings, { ...next, autoRedirect: { ...next.autoRedirect, providerId } }, manager);
      settingsKeys.push(SETTINGS_KEYS.signInSettings);
    }
    if (validated.redirectRules && settings.redirectRules?.change === 'updated') {
      const next: RedirectRules = validated.redirectRules;
      const rules = next.rules.map((rule) => ({ ...rule, providerId: resolve(rule.providerId) }));
      const defaultProviderId = next.defaultProviderId === null ? null : resolve(next.defaultProviderId);
      await this.store.put(SETTINGS_KEYS.redirectRules, { enabled: next.enabled, rules, defaultProviderId }, manager);
      settingsKeys.push(SETTINGS_KEYS.redirectRules);
    }
    if (validated.lookAndFeel && settings.lookAndFeel?.change === 'updated') {
      await this.lookAndFeel.update(validated.lookAndFeel, manager);
      settingsKeys.push(SETTINGS_KEYS.lookAndFeel);
    }
    if (validated.accessRules && settings.accessRules?.change === 'updated') {
      await this.store.put(SETTINGS_KEYS.accessRules, validated.accessRules, manager);
      settingsKeys.push(SETTINGS_KEYS.accessRules);
    }
    return { providerIds, settingsKeys };
  }
}
