import { randomBytes } from 'node:crypto';

/** A fresh CSP nonce for one response. */
export function createNonce(): string {
  return randomBytes(16).toString('base64');
}

/**
 * Headers for every page Sesame renders. They are set by Sesame around whatever a template
 * produces, so no template can loosen them: scripts and styles run only with this response's
 * nonce, and no other site may frame the page.
 */
export function pageSecurityHeaders(nonce: string): Record<string, string> {
  return {
    'content-security-policy': [
      "default-src 'none'",
      `script-src 'nonce-${nonce}'`,
      `style-src 'nonce-${nonce}'`,
      "img-src 'self' https: data:",
      "form-action 'self' https: http:",
      "frame-ancestors 'none'",
      "base-uri 'none'",
    ].join('; '),
    'x-frame-options': 'DENY',
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'cache-control': 'no-store',
  };
}
