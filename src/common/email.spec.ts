import { describe, expect, it } from '@jest/globals';
import { normaliseDomain, parseEmail } from './email.js';

describe('parseEmail', () => {
  it.each([
    ['test@miniorange.com', 'test', 'miniorange.com'],
    ['Test@MiniOrange.COM.', 'test', 'miniorange.com'],
    ['first.last+tag@sub.example.co.uk', 'first.last+tag', 'sub.example.co.uk'],
    ["o'brien_x-y@example.com", "o'brien_x-y", 'example.com'],
    ['a@bücher.de', 'a', 'xn--bcher-kva.de'],
    ['a@BÜCHER.de', 'a', 'xn--bcher-kva.de'],
    ['a@xn--bcher-kva.de', 'a', 'xn--bcher-kva.de'],
    ['a@ｅｘａｍｐｌｅ.com', 'a', 'example.com'],
    ['a@x.com。', 'a', 'x.com'],
    [`${'l'.repeat(64)}@example.com`, 'l'.repeat(64), 'example.com'],
  ])('accepts %j', (raw, local, domain) => {
    expect(parseEmail(raw)).toEqual({ ok: true, local, domain, email: `${local}@${domain}` });
  });

  it.each([
    ['', 'is empty'],
    ['a@evil.com@miniorange.com', 'exactly one @'],
    ['"a@x"@miniorange.com', 'exactly one @'],
    ['"ax"@miniorange.com', 'not allowed'],
    ['a(comment)@miniorange.com', 'not allowed'],
    ['a@', 'nothing after the @'],
    ['@x.com', 'nothing before the @'],
    ['ax.com', 'exactly one @'],
    ['a@x..com', 'invalid label'],
    ['a@.x.com', 'invalid label'],
    ['a@x.com..', 'invalid label'],
    ['a b@x.com', 'whitespace'],
    [' a@x.com', 'whitespace'],
    ['a@x.com\n', 'whitespace'],
    ['a\u0000@x.com', 'control'],
    ['a@x\u00ad.com', 'control'],
    ['a@x\u200b.com', 'control'],
    ['.a@x.com', 'misplaced dots'],
    ['a.@x.com', 'misplaced dots'],
    ['a..b@x.com', 'misplaced dots'],
    ['ü@bücher.de', 'non-ASCII'],
    [`${'l'.repeat(65)}@example.com`, 'more than 64'],
    [`a@${'d'.repeat(316)}.com`, 'longer than 320'],
    [`a@${'d'.repeat(64)}.com`, 'invalid label'],
    ['a@localhost', 'at least one dot'],
    ['a@1.2.3.4', 'IP address'],
    ['a@[1.2.3.4]', 'contains "["'],
    ['a@ex%41mple.com', 'contains "%"'],
    ['a@ex_ample.com', 'contains "_"'],
    ['a@-x.com', 'invalid label'],
    ['a@x-.com', 'invalid label'],
    ['a@xn--zz.com', 'internationalised'],
    ['a@x.com/path', 'contains "/"'],
  ])('refuses %j', (raw, reasonPart) => {
    const result = parseEmail(raw);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toContain(reasonPart);
  });
});

describe('normaliseDomain', () => {
  it.each([
    ['MiniOrange.com', 'miniorange.com'],
    ['miniorange.com.', 'miniorange.com'],
    ['münchen.de', 'xn--mnchen-3ya.de'],
    ['a-b.example', 'a-b.example'],
  ])('normalises %j to %j', (raw, domain) => {
    expect(normaliseDomain(raw)).toEqual({ ok: true, domain });
  });

  it.each(['', 'com', '*.example.com', '@example.com', 'example..com', 'exa mple.com', '10.0.0.1', 'example.com:443'])(
    'refuses %j',
    (raw) => {
      expect(normaliseDomain(raw).ok).toBe(false);
    },
  );
});
