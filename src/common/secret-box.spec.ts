import { describe, expect, it } from '@jest/globals';
import { SecretBox } from './secret-box.js';

describe('SecretBox', () => {
  const box = new SecretBox('k'.repeat(40));

  it('round-trips and never contains the plaintext', () => {
    const sealed = box.seal('client-secret-value', 'provider:abc');
    expect(sealed).not.toContain('client-secret-value');
    expect(box.open(sealed, 'provider:abc')).toBe('client-secret-value');
  });

  it('uses a fresh IV each time', () => {
    expect(box.seal('same', 'p')).not.toBe(box.seal('same', 'p'));
  });

  it.each([
    ['another purpose', (s: string) => box.open(s, 'provider:other')],
    ['another key', (s: string) => new SecretBox('x'.repeat(40)).open(s, 'provider:abc')],
    [
      'a tampered body',
      (s: string) =>
        box.open(
          s.replace(/\.([^.])/, (_m, c: string) => '.' + (c === 'A' ? 'B' : 'A')),
          'provider:abc',
        ),
    ],
    ['garbage', () => box.open('nonsense', 'provider:abc')],
  ])('refuses to open with %s', (_label, open) => {
    const sealed = box.seal('client-secret-value', 'provider:abc');
    expect(() => open(sealed)).toThrow();
  });
});
