/**
 * JSON Merge Patch (RFC 7396): an object patch merges into the target key by key, `null`
 * removes a key, and anything else (arrays included) replaces the value whole. The result is a
 * new document; neither argument is changed.
 */
export function applyMergePatch(target: unknown, patch: unknown): unknown {
  if (!isPlainObject(patch)) return patch;
  const merged: Record<string, unknown> = isPlainObject(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (UNSAFE_KEYS.has(key)) continue;
    if (value === null) delete merged[key];
    else merged[key] = applyMergePatch(merged[key], value);
  }
  return merged;
}

/** The media type of a merge patch body. */
export const MERGE_PATCH_TYPE = 'application/merge-patch+json';

// A patch names settings, never these: merging them would reach an object's prototype.
const UNSAFE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * A merge patch applied to one of Sesame's settings documents. As RFC 7396 says, `null` removes
 * a member of a map (`maps`: paths such as `endpoints`); on a setting, removing it means
 * clearing it, so `null` sets it to null there — exactly what the same null does in a PUT (a
 * setting that cannot be null is then refused by the document's validation, naming it).
 */
export function applyDocumentPatch(current: unknown, patch: unknown, maps: readonly string[] = [], at = ''): unknown {
  if (!isPlainObject(patch)) return patch;
  const merged: Record<string, unknown> = isPlainObject(current) ? { ...current } : {};
  const isMap = maps.includes(at);
  for (const [key, value] of Object.entries(patch)) {
    if (UNSAFE_KEYS.has(key)) continue;
    const path = at ? `${at}.${key}` : key;
    if (value === null && isMap) delete merged[key];
    else merged[key] = value === null ? null : applyDocumentPatch(merged[key], value, maps, path);
  }
  return merged;
}
