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
