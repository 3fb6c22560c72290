import { Injectable } from '@nestjs/common';
import { DomainError } from '../../../common/domain-error.js';
import { parseCidrs } from '../../../common/networks.js';
import { checkAccessRules, type AccessRules } from '../../access-rules/index.js';
import { GroupMappingService, readGroupMappingDocument, type GroupMapping } from '../../group-mapping/index.js';
import { LookAndFeelService, type LookAndFeelSettings } from '../../look-and-feel/index.js';
import { ProviderService, readProviderDocument, type Provider } from '../../provider/index.js';
import { validateRedirectRules, type RedirectRules } from '../../redirect-rules/index.js';
import { SignInSettingsService, parseDomainList, validateSignInSettings, type SignInSettings } from '../../sign-in/index.js';
import { readUserMappingDocument, type UserMapping } from '../../user-mapping/index.js';
import { isRecord } from '../domain/check-shape.js';
import { under, type FieldProblem } from '../domain/config-document.js';
import { redirectRulesFromEntry, signInSettingsFromEntry, type IdOf } from '../domain/provider-references.js';
import { readDocument, type RawDocument, type RawProviderEntry } from '../domain/read-document.js';
import { BACKDOOR_KEY_PURPOSE, DocumentSecrets, clientSecretPurpose } from './document-secrets.js';

export type ProviderSettings = Omit<Provider, 'id' | 'updatedAt'>;

export interface ValidatedProvider {
  readonly slug: string;
  readonly existing: Provider | null;
  /** As it will be stored, defaults filled in. */
  readonly fields: ProviderSettings;
  /** undefined: keep the stored secret. */
  readonly clientSecret: string | null | undefined;
  /** undefined: the document leaves the mapping alone. */
  readonly userMapping?: UserMapping;
  readonly groupMapping?: GroupMapping;
}

/** A document that passed every check. Providers new in it are referred to by pendingProviderId(slug) until created. */
export interface ValidatedImport {
  readonly providers: readonly ValidatedProvider[];
  readonly signInSettings?: SignInSettings;
  readonly redirectRules?: RedirectRules;
  readonly lookAndFeel?: LookAndFeelSettings;
  readonly accessRules?: AccessRules;
}

export const pendingProviderId = (slug: string) => `pending:${slug}`;

/**
 * Checks a whole configuration document with the rules each module applies to its own API —
 * including the network checks on providers — and reports every problem at once. Writes nothing.
 */
@Injectable()
export class ConfigImportValidator {
  constructor(
    private readonly providers: ProviderService,
    private readonly groupMappings: GroupMappingService,
    private readonly signIn: SignInSettingsService,
    private readonly lookAndFeel: LookAndFeelService,
  ) {}

  async validate(value: unknown, passphrase: string | undefined): Promise<ValidatedImport> {
    const reading = readDocument(value);
    if (!reading.document) throw unprocessable(reading.problems);
    const document = reading.document;
    const problems = [...reading.problems];
    const secrets = this.secrets(document, passphrase, problems);

    const existing = new Map((await this.providers.list()).map((p) => [p.slug, p]));
    const inDocument = new Set(document.providers.flatMap((p) => (p.slug === null ? [] : [p.slug])));
    const idOf: IdOf = (slug) => existing.get(slug)?.id ?? (inDocument.has(slug) ? pendingProviderId(slug) : undefined);

    const providers = await Promise.all(document.providers.map((entry) => this.provider(entry, existing, secrets)));
    problems.push(...providers.flatMap((p) => p.problems));
    const signInSettings =
      document.signInSettings === undefined ? undefined : await this.signInSettings(document.signInSettings, idOf, secrets, problems);
    const redirectRules = document.redirectRules === undefined ? undefined : this.redirectRules(document.redirectRules, idOf, problems);
    const lookAndFeel = document.lookAndFeel === undefined ? undefined : await this.lookAndFeelSettings(document.lookAndFeel, problems);
    const accessRules = document.accessRules === undefined ? undefined : accessRulesOf(document.accessRules, problems);
    if (problems.length > 0) throw unprocessable(problems);
    return { providers: providers.map((p) => p.validated!), signInSettings, redirectRules, lookAndFeel, accessRules };
  }

  private secrets(document: RawDocument, passphrase: string | undefined, problems: FieldProblem[]): DocumentSecrets | null {
    const backdoor =
      isRecord(document.signInSettings) && isRecord(document.signInSettings.backdoor) ? document.signInSettings.backdoor : {};
    const sealed = document.providers.some((p) => p.sealedClientSecret !== undefined) || backdoor.sealedKey !== undefined;
    if (!sealed) return null;
    if (passphrase === undefined) problems.push({ field: 'X-Sesame-Passphrase', reason: 'is required: the document has sealed secrets' });
    if (document.secretsSalt === null) problems.push({ field: 'secretsSalt', reason: 'is required: the document has sealed secrets' });
    return passphrase === undefined || document.secretsSalt === null ? null : DocumentSecrets.forImport(passphrase, document.secretsSalt);
  }

  private async provider(entry: RawProviderEntry, existing: ReadonlyMap<string, Provider>, secrets: DocumentSecrets | null) {
    const [fields, userMapping, groupMapping] = await Promise.all([
      readProviderDocument(entry.fields, this.providers),
      entry.userMapping === undefined ? undefined : objectOr(entry.userMapping, (m) => readUserMappingDocument(m)),
      entry.groupMapping === undefined ? undefined : objectOr(entry.groupMapping, (m) => readGroupMappingDocument(m, this.groupMappings)),
    ]);
    const problems: FieldProblem[] = [];
    if (!fields.ok) problems.push(...under(entry.at, fields.problems));
    if (userMapping && !userMapping.ok) problems.push(...under(`${entry.at}.userMapping`, userMapping.problems));
    if (groupMapping && !groupMapping.ok) problems.push(...under(`${entry.at}.groupMapping`, groupMapping.problems));
    let clientSecret = entry.clientSecret;
    if (entry.sealedClientSecret !== undefined && secrets && entry.slug !== null) {
      const opened = secrets.open(entry.sealedClientSecret, clientSecretPurpose(entry.slug));
      if (opened === null)
        problems.push({
          field: `${entry.at}.sealedClientSecret`,
          reason: 'cannot be opened with this passphrase (or was sealed for another provider)',
        });
      clientSecret = opened ?? undefined;
    }
    if (!fields.ok || problems.length > 0) return { problems, validated: undefined };
    const validated: ValidatedProvider = {
      slug: fields.fields.slug,
      existing: existing.get(fields.fields.slug) ?? null,
      fields: fields.fields,
      clientSecret,
      userMapping: userMapping?.ok ? userMapping.mapping : undefined,
      groupMapping: groupMapping?.ok ? groupMapping.mapping : undefined,
    };
    return { problems, validated };
  }

  private async signInSettings(value: unknown, idOf: IdOf, secrets: DocumentSecrets | null, problems: FieldProblem[]) {
    const before = problems.length;
    const backdoor = isRecord(value) && isRecord(value.backdoor) ? value.backdoor : {};
    const current = await this.signIn.get();
    let key = current.backdoor.key;
    if (backdoor.key !== undefined && backdoor.sealedKey !== undefined) {
      problems.push({ field: 'signInSettings.backdoor.key', reason: 'give either key or sealedKey, not both' });
    } else if (typeof backdoor.sealedKey === 'string' && secrets) {
      key = secrets.open(backdoor.sealedKey, BACKDOOR_KEY_PURPOSE);
      if (key === null) problems.push({ field: 'signInSettings.backdoor.sealedKey', reason: 'cannot be opened with this passphrase' });
    } else if (backdoor.key === null || typeof backdoor.key === 'string') {
      key = backdoor.key;
    }
    const read = signInSettingsFromEntry(value, idOf, key);
    problems.push(...under('signInSettings', read.problems));
    if (!read.settings) return undefined;
    const domains = parseDomainList(read.settings.allowedEmailDomains);
    if (!domains.ok) problems.push(...under('signInSettings', [{ field: domains.field, reason: domains.reason }]));
    const cidrs = parseCidrs(read.settings.apiAccess.allowedCidrs);
    if (!cidrs.ok)
      problems.push({
        field: 'signInSettings.apiAccess.allowedCidrs',
        reason: `not an IP address or CIDR range: ${cidrs.invalid.join(', ')}`,
      });
    // A document from before the console settings existed keeps today's.
    const settings: SignInSettings = {
      ...read.settings,
      adminGroups: read.settings.adminGroups ?? current.adminGroups,
      adminSession: read.settings.adminSession ?? current.adminSession,
      allowedEmailDomains: domains.ok ? domains.domains : [],
    };
    problems.push(...under('signInSettings', validateSignInSettings(settings)));
    if (problems.length === before) {
      const guard = await this.signIn.lockoutGuard(settings);
      if (!guard.ok) problems.push({ field: 'signInSettings', reason: guard.reason });
      const adminLeft = await this.signIn.adminLeftGuard(current, settings);
      if (!adminLeft.ok) problems.push({ field: 'signInSettings.adminGroups.admin', reason: adminLeft.reason });
    }
    return settings;
  }

  private redirectRules(value: unknown, idOf: IdOf, problems: FieldProblem[]): RedirectRules | undefined {
    const read = redirectRulesFromEntry(value, idOf);
    const found = [...read.problems];
    if (read.rules !== null) {
      // Ids stand in for slugs here: name the fields as the document does.
      const renamed = validateRedirectRules(read.rules).map((p) => ({ ...p, field: p.field.replace(/roviderId$/, 'roviderSlug') }));
      for (const p of renamed) if (!found.some((f) => f.field === p.field && f.reason === p.reason)) found.push(p);
    }
    problems.push(...under('redirectRules', found));
    return (read.rules as RedirectRules | null) ?? undefined;
  }

  private async lookAndFeelSettings(value: unknown, problems: FieldProblem[]): Promise<LookAndFeelSettings | undefined> {
    const checked = await objectOr(value, (v) => this.lookAndFeel.validate(v));
    if (checked.ok) return checked.settings;
    problems.push(...under('lookAndFeel', checked.problems));
    return undefined;
  }
}

/** The rules as the access-rules API checks them, problems named under `accessRules`. */
function accessRulesOf(value: unknown, problems: FieldProblem[]): AccessRules | undefined {
  const checked = checkAccessRules(value);
  if (checked.ok) return checked.rules;
  problems.push(...under('accessRules', checked.errors));
  return undefined;
}

/** Runs a module's validator on an object; anything else is one problem (the validators expect objects). */
async function objectOr<T extends { ok: boolean }>(
  value: unknown,
  check: (value: object) => Promise<T>,
): Promise<T | { ok: false; problems: FieldProblem[] }> {
  return isRecord(value) ? check(value) : { ok: false, problems: [{ field: '', reason: 'must be an object' }] };
}

export function unprocessable(problems: readonly FieldProblem[]): DomainError {
  const summary = problems.map((p) => (p.field ? `${p.field}: ${p.reason}` : p.reason)).join('; ');
  return new DomainError('UNPROCESSABLE', `The configuration was not imported (nothing was changed): ${summary}`, { errors: problems });
}
