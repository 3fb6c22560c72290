/**
 * Re-sync after login: with it on, Sesame asks the provider for `offline_access`, keeps the
 * refresh token it grants, and re-checks each signed-in person every `intervalSeconds`, at most
 * `maxPerMinute` people a minute per instance (so a large directory does not hammer the provider).
 */
export interface ResyncSettings {
  readonly enabled: boolean;
  readonly intervalSeconds: number;
  readonly maxPerMinute: number;
}

export const DEFAULT_RESYNC: ResyncSettings = { enabled: false, intervalSeconds: 900, maxPerMinute: 600 };

export const RESYNC_LIMITS = {
  intervalSeconds: { min: 1, max: 86_400 },
  maxPerMinute: { min: 1, max: 60_000 },
} as const;

/** The stored settings: what was given over the defaults. */
export function resyncWithDefaults(given: Partial<ResyncSettings> | undefined | null): ResyncSettings {
  return { ...DEFAULT_RESYNC, ...(given ?? {}) };
}

/** Problems with the settings, each naming its field (`resync.<name>`). */
export function validateResync(value: unknown): { field: string; reason: string }[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return [{ field: 'resync', reason: 'must be an object' }];
  const problems: { field: string; reason: string }[] = [];
  const record = value as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (!(key in DEFAULT_RESYNC)) problems.push({ field: `resync.${key}`, reason: 'is not a re-sync setting' });
  }
  if (record.enabled !== undefined && typeof record.enabled !== 'boolean')
    problems.push({ field: 'resync.enabled', reason: 'must be a boolean' });
  for (const name of ['intervalSeconds', 'maxPerMinute'] as const) {
    const n = record[name];
    const { min, max } = RESYNC_LIMITS[name];
    if (n !== undefined && (typeof n !== 'number' || !Number.isInteger(n) || n < min || n > max)) {
      problems.push({ field: `resync.${name}`, reason: `must be a whole number from ${min} to ${max}` });
    }
  }
  return problems;
}

/** The scopes to ask for: with re-sync on, `offline_access` too (the consent to a refresh token). */
export function scopesToRequest(scopes: readonly string[], resync: ResyncSettings): string[] {
  return resync.enabled && !scopes.includes('offline_access') ? [...scopes, 'offline_access'] : [...scopes];
}
