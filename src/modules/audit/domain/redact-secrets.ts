export const REDACTED = '[redacted]';

/** Keys whose values are secrets wherever they appear in an event's details. */
const SECRET_KEY = /secret|password|token|key$|authorization|cookie/i;

export function isSecretKey(key: string): boolean {
  return SECRET_KEY.test(key);
}

/**
 * A copy of `value` with the value of every secret-looking key replaced by '[redacted]', at any
 * depth. Booleans and nulls are kept (`hasPassword: true` tells nothing secret and is useful);
 * a cycle becomes '[circular]' so the result can always be walked. Binary data is never logged.
 */
export function redactSecrets(value: unknown): unknown {
  return redact(value, new WeakSet());
}

function redact(value: unknown, seen: WeakSet<object>): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof Date) return value;
  if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer) return '[binary]';
  if (seen.has(value)) return '[circular]';
  seen.add(value);
  try {
    if (Array.isArray(value)) return value.map((item) => redact(item, seen));
    const copy: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      copy[key] = isSecretKey(key) && item !== null && item !== undefined && typeof item !== 'boolean' ? REDACTED : redact(item, seen);
    }
    return copy;
  } finally {
    // Only cycles are refused: the same object reached twice by different paths is copied twice.
    seen.delete(value);
  }
}
