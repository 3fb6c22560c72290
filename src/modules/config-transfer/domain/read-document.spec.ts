import { describe, expect, it } from '@jest/globals';
import { readDocument } from './read-document.js';

const envelope = { format: 'sesame-config', version: 1 };

describe('readDocument', () => {
  it.each<[string, unknown, string]>([
    ['a list', [], ''],
    ['null', null, ''],
    ['another format', { format: 'other', version: 1 }, 'format'],
    ['a version it does not read', { format: 'sesame-config', version: 2 }, 'version'],
    ['no version', { format: 'sesame-config' }, 'version'],
  ])('stops at once on %s', (_, value, field) => {
    const reading = readDocument(value);
    expect(reading.document).toBeNull();
    expect(reading.problems.map((p) => p.field)).toEqual([field]);
  });

  it.each<[string, Record<string, unknown>, string[]]>([
    ['the bare envelope', {}, []],
    ['an unknown section', { extras: {} }, ['extras']],
    ['providers that are not a list', { providers: {} }, ['providers']],
    ['a provider that is not an object', { providers: ['okta'] }, ['providers[0]']],
    ['two providers with one slug', { providers: [{ slug: 'a' }, { slug: 'b' }, { slug: 'a' }] }, ['providers[2].slug']],
    ['a secret that is not a string', { providers: [{ slug: 'a', clientSecret: 42 }] }, ['providers[0].clientSecret']],
    [
      'a plain and a sealed secret together',
      { providers: [{ slug: 'a', clientSecret: 's', sealedClientSecret: 'v1.x' }] },
      ['providers[0].clientSecret'],
    ],
    ['a salt that is not a string', { secretsSalt: 1 }, ['secretsSalt']],
  ])('reads %s, listing the problems and going on', (_, extra, fields) => {
    const reading = readDocument({ ...envelope, ...extra });
    expect(reading.document).not.toBeNull();
    expect(reading.problems.map((p) => p.field)).toEqual(fields);
  });

  it.each([
    ['the old name alone', { trustedForEmail: true }, { trustEmail: true }],
    ['the current name alone', { trustEmail: false }, { trustEmail: false }],
    ['both: the current name wins', { trustedForEmail: true, trustEmail: false }, { trustEmail: false }],
  ])('reads a provider’s trustedForEmail as trustEmail: %s', (_, given, expected) => {
    const reading = readDocument({ ...envelope, providers: [{ slug: 'a', ...given }] });
    expect(reading.document?.providers[0]?.fields).toEqual({ slug: 'a', ...expected });
  });

  it('splits a provider entry into its fields, mappings and secret', () => {
    const reading = readDocument({
      ...envelope,
      exportedAt: '2025-01-01T00:00:00.000Z',
      providers: [
        { slug: 'kc', clientId: 'c', clientSecret: 's3cret', userMapping: { matchBy: 'email' }, groupMapping: { mode: 'manual' } },
      ],
      lookAndFeel: { loginTemplate: null },
    });
    expect(reading.problems).toEqual([]);
    expect(reading.document).toEqual({
      secretsSalt: null,
      providers: [
        {
          at: 'providers[0]',
          slug: 'kc',
          fields: { slug: 'kc', clientId: 'c' },
          userMapping: { matchBy: 'email' },
          groupMapping: { mode: 'manual' },
          clientSecret: 's3cret',
          sealedClientSecret: undefined,
        },
      ],
      signInSettings: undefined,
      redirectRules: undefined,
      lookAndFeel: { loginTemplate: null },
    });
  });

  it('keeps a stored secret unless the entry names one, and removes it on null', () => {
    const reading = readDocument({ ...envelope, providers: [{ slug: 'a' }, { slug: 'b', clientSecret: null }] });
    expect(reading.document!.providers.map((p) => p.clientSecret)).toEqual([undefined, null]);
  });
});
