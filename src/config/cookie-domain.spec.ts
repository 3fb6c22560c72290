import { describe, expect, it } from '@jest/globals';
import { checkCookieDomain } from './cookie-domain.js';

describe('checkCookieDomain', () => {
  it.each([
    ['.example.com', 'https://sso.example.com', 'example.com'],
    ['example.com', 'https://sso.example.com', 'example.com'],
    ['EXAMPLE.com', 'https://sso.example.com', 'example.com'],
    ['sso.example.com', 'https://sso.example.com', 'sso.example.com'],
    ['corp.example.co.uk', 'https://sso.eu.corp.example.co.uk', 'corp.example.co.uk'],
    ['apps.localhost', 'http://sso.apps.localhost:3000', 'apps.localhost'],
    ['.bücher.example', 'https://sso.bücher.example', 'xn--bcher-kva.example'],
  ])('%s for %s → %s', (raw, publicUrl, domain) => {
    expect(checkCookieDomain(raw, publicUrl)).toEqual({ ok: true, domain });
  });

  it.each([
    ['.com', 'https://sso.example.com', /public suffix/],
    ['co.uk', 'https://sso.example.co.uk', /public suffix/],
    ['github.io', 'https://sso.github.io', /public suffix/],
    ['localhost', 'http://sso.localhost:3000', /public suffix/],
    ['example.org', 'https://sso.example.com', /parent of it/],
    ['ample.com', 'https://sso.example.com', /parent of it/],
    ['git.example.com', 'https://sso.example.com', /parent of it/],
    ['127.0.0.1', 'http://127.0.0.1:3000', /not an IP address/],
    ['example.com.', 'https://sso.example.com', /not a domain name/],
    ['https://example.com', 'https://sso.example.com', /not a domain name/],
    ['evil.io/example.com', 'https://sso.example.com', /not a domain name/],
    ['user@example.com', 'https://sso.example.com', /not a domain name/],
    ['', 'https://sso.example.com', /not a domain name/],
  ])('refuses %s for %s', (raw, publicUrl, reason) => {
    const result = checkCookieDomain(raw, publicUrl);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(reason);
  });
});
