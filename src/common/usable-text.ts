/**
 * Why a value from outside (a provider's claim) cannot be stored as text, or null when it can.
 * PostgreSQL refuses NUL in text outright (an unhandled error mid-login), control characters
 * would reach headers and pages (X-Auth-Request-User), and the directory's columns have length
 * checks; refusing such a value up front answers a clear error with nothing written.
 */
export function unusableTextReason(value: string, maxLength: number): string | null {
  if (value.includes('\u0000')) return 'it contains a NUL character';
  if (/[\u0001-\u001f\u007f]/.test(value)) return 'it contains a control character';
  // Half of a UTF-16 pair is no character: stored it would become U+FFFD, and PostgreSQL refuses it in JSON.
  if (/\p{Cs}/u.test(value)) return 'it is not valid Unicode (a lone UTF-16 surrogate)';
  // length() in PostgreSQL counts code points; a UTF-16 length within the bound is always within it.
  if (value.length > maxLength && Array.from(value).length > maxLength) return `it is longer than ${maxLength} characters`;
  return null;
}
