const PLACEHOLDER_BASE = 'https://sesame.invalid/';

/**
 * Keeps a URL a template prints into href/src/action only when following it cannot run code:
 * http(s) or relative. Parsed the way a browser would (tabs and newlines dropped, so
 * `java\tscript:` is caught). Anything else becomes '' — an inert link to the current page.
 */
export function safeUrl(value: unknown): string {
  if (typeof value !== 'string' || value.trim() === '') return '';
  return ['http:', 'https:'].includes(protocolOf(value)) ? value : '';
}

/** Icons may also be inline images (data:image/…), which the page's CSP allows; never scripts. */
export function safeImageUrl(value: unknown): string {
  if (typeof value !== 'string' || value.trim() === '') return '';
  if (protocolOf(value) === 'data:') return /^data:image\/[a-z0-9.+-]+[;,]/i.test(value.trim()) ? value.trim() : '';
  return safeUrl(value);
}

function protocolOf(value: string): string {
  try {
    return new URL(value, PLACEHOLDER_BASE).protocol;
  } catch {
    return 'invalid:';
  }
}
