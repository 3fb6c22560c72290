import { isRecord } from './check-shape.js';

export type ProviderChangeKind = 'created' | 'updated' | 'unchanged';

export interface ProviderChange {
  readonly slug: string;
  readonly change: ProviderChangeKind;
  /** Dotted paths of the settings that differ (`userMapping.matchBy`, `clientSecret`); never their values. */
  readonly changed: readonly string[];
}

/** A settings document always exists (its defaults), so it is updated or unchanged. */
export interface SettingsChange {
  readonly change: 'updated' | 'unchanged';
  readonly changed: readonly string[];
}

export type SettingsSection = 'signInSettings' | 'redirectRules' | 'lookAndFeel' | 'accessRules';

/** What an import did, or would do (dry run). Sections the document leaves out are not listed: they are left alone. */
export interface ImportReport {
  readonly dryRun: boolean;
  readonly providers: readonly ProviderChange[];
  readonly settings: Partial<Record<SettingsSection, SettingsChange>>;
}

export function providerChange(slug: string, current: unknown, next: unknown): ProviderChange {
  if (current === null) return { slug, change: 'created', changed: [] };
  const changed = changedPaths(current, next);
  return { slug, change: changed.length > 0 ? 'updated' : 'unchanged', changed };
}

export function settingsChange(current: unknown, next: unknown): SettingsChange {
  const changed = changedPaths(current, next);
  return { change: changed.length > 0 ? 'updated' : 'unchanged', changed };
}

/**
 * The paths where two documents differ, descending into objects (whose key order does not
 * matter: the database does not keep it) and comparing lists as a whole.
 */
export function changedPaths(before: unknown, after: unknown, at = ''): string[] {
  if (isRecord(before) && isRecord(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    return keys.flatMap((key) => changedPaths(before[key], after[key], at ? `${at}.${key}` : key));
  }
  return sameValue(before, after) ? [] : [at];
}

export function sameValue(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((item, i) => sameValue(item, b[i]));
  if (isRecord(a) && isRecord(b)) return changedPaths(a, b).length === 0;
  return Object.is(a, b);
}
