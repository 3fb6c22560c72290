import { describe, expect, it } from '@jest/globals';
import { isEmailDomainAllowed, parseDomainList } from './email-domain.js';

describe('parseDomainList', () => {
  it.each<[string | string[], string[]]>([
    ['miniorange.com;gmail.com', ['miniorange.com', 'gmail.com']],
    ['miniorange.com; gmail.com;', ['miniorange.com', 'gmail.com']],
    ['MiniOrange.com, gmail.com.\nexample.org', ['miniorange.com', 'gmail.com', 'example.org']],
    ['', []],
    [[], []],
    [
      ['miniorange.com', 'MINIORANGE.com.', 'gmail.com'],
      ['miniorange.com', 'gmail.com'],
    ],
    [['bücher.de'], ['xn--bcher-kva.de']],
    [['  spaced.example  '], ['spaced.example']],
  ])('reads %j', (input, domains) => {
    expect(parseDomainList(input)).toEqual({ ok: true, domains });
  });

  it.each<[string | string[], string, string]>([
    ['miniorange.com;gmail..com', 'allowedEmailDomains', '"gmail..com"'],
    ['miniorange.com;@gmail.com', 'allowedEmailDomains', 'without the @'],
    [['*.miniorange.com'], 'allowedEmailDomains[0]', 'wildcards are not supported'],
    [['gmail.com', 'localhost'], 'allowedEmailDomains[1]', 'at least one dot'],
    [['gmail.com', ''], 'allowedEmailDomains[1]', 'is empty'],
    [['gmail.com', 42 as unknown as string], 'allowedEmailDomains[1]', 'must be a domain name'],
    [['10.0.0.1'], 'allowedEmailDomains[0]', 'IP address'],
    [Array.from({ length: 1001 }, (_, i) => `d${i}.example`), 'allowedEmailDomains', 'at most 1000'],
  ])('refuses %j', (input, field, reasonPart) => {
    const result = parseDomainList(input);
    expect(result).toEqual({ ok: false, field, reason: expect.stringContaining(reasonPart) });
  });

  it.each<[unknown, string, string]>([
    // The hint is added only where it helps.
    [
      'miniorange.com;gmail..com',
      'allowedEmailDomains',
      '"gmail..com" has an empty or invalid label (labels are 1 to 63 letters, digits or inner hyphens)',
    ],
    [
      ['*.a.com'],
      'allowedEmailDomains[0]',
      '"*.a.com" contains "*" (only letters, digits, dots and hyphens) (wildcards are not supported: list each domain)',
    ],
    [
      '@gmail.com',
      'allowedEmailDomains',
      '"@gmail.com" contains "@" (only letters, digits, dots and hyphens) (write the domain without the @)',
    ],
    // A caller in JavaScript may send anything.
    [42, 'allowedEmailDomains', 'must be a list of domains or a semicolon-separated string'],
    [null, 'allowedEmailDomains', 'must be a list of domains or a semicolon-separated string'],
  ])('explains %j', (input, field, reason) => {
    expect(parseDomainList(input as string)).toEqual({ ok: false, field, reason });
  });

  it('reads 1000 domains, the limit', () => {
    const domains = Array.from({ length: 1000 }, (_, i) => `d${i}.example`);
    expect(parseDomainList(domains)).toEqual({ ok: true, domains });
  });
});

describe('isEmailDomainAllowed', () => {
  const seed = ['miniorange.com', 'gmail.com'];

  it.each<[string | null, string[]]>([
    ['test@miniorange.com', seed],
    ['test@gmail.com', seed],
    ['Test@MiniOrange.COM.', seed],
    ['test@sub.miniorange.com', ['miniorange.com', 'sub.miniorange.com']],
    ['a@bücher.de', ['xn--bcher-kva.de']],
    ['anyone@anywhere.example', []],
    [null, []],
    ['not an email', []],
  ])('allows %j with %j', (email, allowed) => {
    expect(isEmailDomainAllowed(email, allowed)).toEqual({ allowed: true });
  });

  it.each<[string | null, string[], string]>([
    ['test@yahoo.com', seed, 'at yahoo.com'],
    ['test@sub.miniorange.com', seed, 'at sub.miniorange.com'],
    ['a@miniorange.com.evil.com', seed, 'at miniorange.com.evil.com'],
    ['a@evilminiorange.com', seed, 'at evilminiorange.com'],
    ['a@evil.com@miniorange.com', seed, 'exactly one @'],
    ['"a@x"@miniorange.com', seed, 'exactly one @'],
    ['a@miniorange.com\u200b', seed, 'control characters'],
    [null, seed, 'sent no email'],
    ['', seed, 'sent no email'],
  ])('refuses %j with %j', (email, allowed, reasonPart) => {
    expect(isEmailDomainAllowed(email, allowed)).toEqual({
      allowed: false,
      code: 'SSO_DOMAIN_NOT_ALLOWED',
      reason: expect.stringContaining(reasonPart),
    });
  });
});
