import type { AccessRules } from '../../access-rules/index.js';
import type { GroupMapping } from '../../group-mapping/index.js';
import type { LookAndFeelSettings } from '../../look-and-feel/index.js';
import type { ProviderSettings } from '../../provider/index.js';
import type { SignInSettings } from '../../sign-in/index.js';
import type { UserMapping } from '../../user-mapping/index.js';

export const CONFIG_FORMAT = 'sesame-config';
export const CONFIG_VERSION = 1;

/**
 * A whole configuration, portable between Sesame instances: no ids and no timestamps except
 * `exportedAt` (which an import ignores), and providers referred to by slug. So two exports of
 * the same configuration are equal once `exportedAt` and the sealed secrets are left out.
 */
export interface ConfigDocument {
  readonly format: typeof CONFIG_FORMAT;
  readonly version: typeof CONFIG_VERSION;
  readonly exportedAt?: string;
  /** Base64 salt of the key derived from the passphrase; present when secrets are sealed in. */
  readonly secretsSalt?: string;
  readonly providers: readonly ProviderEntry[];
  readonly signInSettings?: SignInSettingsEntry;
  readonly redirectRules?: RedirectRulesEntry;
  readonly lookAndFeel?: LookAndFeelSettings;
  /** The per-application forward-auth rules, in order. */
  readonly accessRules?: AccessRules;
}

/** A provider in the document: its settings as the provider module declares them, with its mappings. */
export interface ProviderEntry extends ProviderSettings {
  readonly userMapping: UserMapping;
  readonly groupMapping: GroupMapping;
  /** Sealed with the passphrase (export with secrets). An import also takes a plain `clientSecret`. */
  readonly sealedClientSecret?: string;
}

/** The sign-in settings with the auto-redirect provider by slug and the backdoor key only ever sealed. */
export type SignInSettingsEntry = Omit<SignInSettings, 'autoRedirect' | 'backdoor' | 'adminGroups' | 'adminSession'> &
  Partial<Pick<SignInSettings, 'adminGroups' | 'adminSession'>> & {
    readonly autoRedirect: { readonly enabled: boolean; readonly providerSlug: string | null; readonly delaySeconds: number };
    readonly backdoor: { readonly enabled: boolean; readonly allowedGroups: readonly string[]; readonly sealedKey?: string };
  };

export interface RedirectRuleEntry {
  readonly name: string;
  readonly match: { readonly emailDomains: readonly string[] } | { readonly emailPattern: string };
  readonly providerSlug: string;
}

export interface RedirectRulesEntry {
  readonly enabled: boolean;
  readonly rules: readonly RedirectRuleEntry[];
  readonly defaultProviderSlug: string | null;
}

export interface FieldProblem {
  readonly field: string;
  readonly reason: string;
}

/** The same problems, about a part of the document: `providers[1]` + `issuer` → `providers[1].issuer`. */
export function under(prefix: string, problems: readonly FieldProblem[]): FieldProblem[] {
  return problems.map((p) => ({ field: p.field ? `${prefix}.${p.field}` : prefix, reason: p.reason }));
}
