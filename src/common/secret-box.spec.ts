import { createCipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { SecretBox } from './secret-box.js';

const A = 'a'.repeat(40);
const B = 'b'.repeat(40);
const C = 'c'.repeat(40);

/** A value in the format Sesame wrote before key ids existed (`v1.iv.body.tag`). */
function sealLegacy(secret: string, plaintext: string, purpose: string): string {
  const key = Buffer.from(hkdfSync('sha256', secret, 'sesame-secret-box', 'aes-256-gcm', 32));
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(purpose));
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return ['v1', iv, body, cipher.getAuthTag()].map((p) => (typeof p === 'string' ? p : p.toString('base64url'))).join('.');
}

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
          s.replace(/^(v2\.[^.]+\.[^.]+\.)([^.])/, (_m, head: string, c: string) => head + (c === 'A' ? 'B' : 'A')),
          'provider:abc',
        ),
    ],
    ['a shortened tag', (s: string) => box.open(s.slice(0, s.lastIndexOf('.') + 6), 'provider:abc')],
    ['garbage', () => box.open('nonsense', 'provider:abc')],
  ])('refuses to open with %s', (_label, open) => {
    const sealed = box.seal('client-secret-value', 'provider:abc');
    expect(() => open(sealed)).toThrow();
  });
});

describe('SecretBox key ring', () => {
  it('names the sealing key in the value, with an id that is not the key', () => {
    const sealed = new SecretBox(A).seal('x', 'p');
    const [version, keyId] = sealed.split('.');
    expect(version).toBe('v2');
    expect(keyId).toMatch(/^[A-Za-z0-9_-]{8}$/);
    expect(sealed).not.toContain('aaaa');
    expect(new SecretBox(B).seal('x', 'p').split('.')[1]).not.toBe(keyId);
  });

  it.each([
    ['the current key', true, new SecretBox(A), A],
    ['a previous key', true, new SecretBox(B, [A]), A],
    ['the second previous key', true, new SecretBox(C, [B, A]), A],
    ['a key no longer listed', false, new SecretBox(B), A],
    ['a key of another ring', false, new SecretBox(B, [C]), A],
  ])('a value sealed with %s opens: %s', (_label, opens, ring, sealedWith) => {
    const sealed = new SecretBox(sealedWith).seal('secret', 'p');
    if (opens) expect(ring.open(sealed, 'p')).toBe('secret');
    else expect(() => ring.open(sealed, 'p')).toThrow(/SESAME_SECRET_KEY/);
  });

  it.each([
    ['the current key', new SecretBox(A), true],
    ['a previous key', new SecretBox(B, [C, A]), true],
    ['no key of the ring', new SecretBox(B, [C]), false],
  ])('still opens the v1 format (no key id) sealed with %s', (_label, ring, opens) => {
    const sealed = sealLegacy(A, 'old-secret', 'p');
    if (opens) expect(ring.open(sealed, 'p')).toBe('old-secret');
    else expect(() => ring.open(sealed, 'p')).toThrow();
  });

  it('always seals with the current key', () => {
    const sealed = new SecretBox(B, [A]).seal('secret', 'p');
    expect(new SecretBox(B).open(sealed, 'p')).toBe('secret');
    expect(() => new SecretBox(A).open(sealed, 'p')).toThrow();
  });

  it.each([
    ['a value sealed with a previous key', () => new SecretBox(A).seal('s', 'p'), 'resealed'],
    ['a v1 value', () => sealLegacy(A, 's', 'p'), 'resealed'],
    ['a v1 value of the current key', () => sealLegacy(B, 's', 'p'), 'resealed'],
    ['a value sealed with the current key', () => new SecretBox(B).seal('s', 'p'), 'unchanged'],
  ])('re-seals %s under the current key', (_label, make, outcome) => {
    const ring = new SecretBox(B, [A]);
    const resealed = ring.reseal(make(), 'p');
    if (outcome === 'unchanged') return expect(resealed).toBeNull();
    expect(resealed!.startsWith(ring.currentPrefix)).toBe(true);
    expect(new SecretBox(B).open(resealed!, 'p')).toBe('s');
  });

  it('refuses to re-seal what no key opens, or under another purpose', () => {
    expect(() => new SecretBox(B, [A]).reseal(new SecretBox(C).seal('s', 'p'), 'p')).toThrow();
    expect(() => new SecretBox(B, [A]).reseal(new SecretBox(A).seal('s', 'p'), 'q')).toThrow();
  });

  it('has a check value per key that is stable, distinct, and reveals neither key nor key id', () => {
    const ring = new SecretBox(B, [A, C]);
    expect(ring.checkValue).toBe(new SecretBox(B).checkValue);
    expect(ring.previousCheckValues).toEqual([new SecretBox(A).checkValue, new SecretBox(C).checkValue]);
    expect(new Set([ring.checkValue, ...ring.previousCheckValues]).size).toBe(3);
    expect(ring.checkValue).not.toContain('bbbb');
    expect(ring.currentPrefix).not.toContain(ring.checkValue.slice(0, 8));
  });

  it('ignores the current key when it is also listed as previous', () => {
    const ring = new SecretBox(A, [A]);
    expect(ring.hasPreviousKeys).toBe(false);
    expect(ring.previousCheckValues).toEqual([]);
  });

  it('seals passphrase boxes in the v1 format, which older versions import', () => {
    const salt = randomBytes(16);
    const sealed = SecretBox.fromPassphrase('a passphrase of some length', salt).seal('s', 'p');
    expect(sealed).toMatch(/^v1\.[^.]+\.[^.]+\.[^.]+$/);
    expect(SecretBox.fromPassphrase('a passphrase of some length', salt).open(sealed, 'p')).toBe('s');
    expect(() => SecretBox.fromPassphrase('another passphrase here', salt).open(sealed, 'p')).toThrow();
  });
});
