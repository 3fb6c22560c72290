import type { RedirectRules } from '../../redirect-rules/index.js';
import type { SignInSettings } from '../../sign-in/index.js';
import { checkShape, isRecord, type Shape } from './check-shape.js';
import type { FieldProblem, RedirectRulesEntry, SignInSettingsEntry } from './config-document.js';

/**
 * Settings refer to providers by id inside an instance and by slug in a document, since ids
 * differ between instances. A reference to a provider that no longer exists is dropped on
 * export: the login flow skips it already, and no other instance could resolve it.
 */
export type SlugOf = (providerId: string) => string | undefined;
export type IdOf = (slug: string) => string | undefined;

/** The sign-in settings as the admin API takes them, but with the domain list not yet parsed. */
export type SignInSettingsInput = Omit<SignInSettings, 'allowedEmailDomains' | 'adminGroups' | 'adminSession'> &
  Partial<Pick<SignInSettings, 'adminGroups' | 'adminSession'>> & { readonly allowedEmailDomains: string | string[] };

/** `hasKey` is what the admin API shows in place of the key: accepted and ignored, so its documents import as they are. */
const SIGN_IN_SHAPE: Shape = {
  ssoEnabled: 'boolean',
  autoRedirect: { enabled: 'boolean', providerSlug: 'string|null', delaySeconds: 'number' },
  backdoor: { enabled: 'boolean', allowedGroups: 'string[]', 'key?': 'string|null', 'sealedKey?': 'string', 'hasKey?': 'boolean' },
  allowedEmailDomains: 'string[]|string',
  allowPasswordChange: 'boolean',
  apiAccess: { allowedCidrs: 'string[]' },
  'adminGroups?': { admin: 'string[]', readOnly: 'string[]' },
  'adminSession?': { reauthenticateAfterMinutes: 'number' },
  session: { idleTimeoutMinutes: 'number', absoluteTimeoutHours: 'number', rememberMe: { enabled: 'boolean', days: 'number' } },
};
const REDIRECT_RULES_SHAPE: Shape = { enabled: 'boolean', rules: 'unknown', defaultProviderSlug: 'string|null' };
const REDIRECT_RULE_SHAPE: Shape = { name: 'unknown', match: 'unknown', providerSlug: 'string' };

/** The backdoor key is left out: it travels only sealed, added by the caller. */
export function signInSettingsToEntry(settings: SignInSettings, slugOf: SlugOf): SignInSettingsEntry {
  const { autoRedirect, backdoor, ...rest } = settings;
  return {
    ...rest,
    allowedEmailDomains: [...settings.allowedEmailDomains],
    autoRedirect: {
      enabled: autoRedirect.enabled,
      providerSlug: autoRedirect.providerId === null ? null : (slugOf(autoRedirect.providerId) ?? null),
      delaySeconds: autoRedirect.delaySeconds,
    },
    backdoor: { enabled: backdoor.enabled, allowedGroups: [...backdoor.allowedGroups] },
  };
}

/** `key` is the backdoor key the settings will have (opened from the document, or the stored one). */
export function signInSettingsFromEntry(
  value: unknown,
  idOf: IdOf,
  key: string | null,
): { settings: SignInSettingsInput | null; problems: FieldProblem[] } {
  const problems = checkShape(value, SIGN_IN_SHAPE);
  if (problems.length > 0) return { settings: null, problems };
  const entry = value as SignInSettingsEntry & { allowedEmailDomains: string | string[] };
  const slug = entry.autoRedirect.providerSlug;
  const providerId = slug === null ? null : resolve(slug, 'autoRedirect.providerSlug', idOf, problems);
  return {
    settings: {
      ...entry,
      autoRedirect: { enabled: entry.autoRedirect.enabled, providerId, delaySeconds: entry.autoRedirect.delaySeconds },
      backdoor: { enabled: entry.backdoor.enabled, key, allowedGroups: [...entry.backdoor.allowedGroups] },
    },
    problems,
  };
}

export function redirectRulesToEntry(rules: RedirectRules, slugOf: SlugOf): RedirectRulesEntry {
  return {
    enabled: rules.enabled,
    rules: rules.rules.flatMap((rule) => {
      const providerSlug = slugOf(rule.providerId);
      return providerSlug === undefined ? [] : [{ name: rule.name, match: rule.match, providerSlug }];
    }),
    defaultProviderSlug: rules.defaultProviderId === null ? null : (slugOf(rules.defaultProviderId) ?? null),
  };
}

/**
 * The rules with ids in place of slugs. Names and matches are passed through as they are, for
 * the redirect-rules validator to judge; only the references and unknown keys are checked here.
 */
export function redirectRulesFromEntry(value: unknown, idOf: IdOf): { rules: unknown; problems: FieldProblem[] } {
  const problems = checkShape(value, REDIRECT_RULES_SHAPE);
  if (!isRecord(value)) return { rules: null, problems };
  if (!Array.isArray(value.rules)) {
    if (value.rules !== undefined) problems.push({ field: 'rules', reason: 'must be a list' });
    return { rules: null, problems };
  }
  const rules = value.rules.map((rule: unknown, index) => {
    if (!isRecord(rule)) return rule;
    problems.push(...checkShape(rule, REDIRECT_RULE_SHAPE, `rules[${index}]`));
    const providerId =
      typeof rule.providerSlug === 'string' ? resolve(rule.providerSlug, `rules[${index}].providerSlug`, idOf, problems) : '?';
    return { name: rule.name, match: rule.match, providerId };
  });
  const slug = value.defaultProviderSlug;
  const defaultProviderId = typeof slug === 'string' ? resolve(slug, 'defaultProviderSlug', idOf, problems) : null;
  return { rules: { enabled: value.enabled, rules, defaultProviderId }, problems };
}

function resolve(slug: string, field: string, idOf: IdOf, problems: FieldProblem[]): string {
  const id = idOf(slug);
  if (id === undefined) problems.push({ field, reason: `no provider "${slug}" in this document or in this Sesame` });
  // A stand-in keeps the other checks going; the problem above stops the import.
  return id ?? `unknown:${slug}`;
}
