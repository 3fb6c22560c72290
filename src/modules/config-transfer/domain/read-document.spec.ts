import { describe, expect, it } from '@jest/globals';
import { readDocument } from './read-document.js';

const envelope = { format: 'sesame-config', version: 1 };

describe('readDocument', () => {
  it.each<[string, unknown, string, string]>([
    ['a list', [], '', 'must be a sesame-config document (a JSON object)'],
    ['null', null, '', 'must be a sesame-config document (a JSON object)'],
    ['a string', 'sesame-config', '', 'must be a sesame-config document (a JSON object)'],
    ['another format', { format: 'other', version: 1 }, 'format', 'must be "sesame-config"'],
    ['no format', { version: 1 }, 'format', 'must be "sesame-config"'],
    ['a version it does not read', { format: 'sesame-config', version: 2 }, 'version', 'must be 1: this Sesame reads version 1'],
    ['the version as a string', { format: 'sesame-config', version: '1' }, 'version', 'must be 1: this Sesame reads version 1'],
    ['no version', { format: 'sesame-config' }, 'version', 'must be 1: this Sesame reads version 1'],
  ])('stops at once on %s', (_, value, field, reason) => {
    expect(readDocument(value)).toEqual({ document: null, problems: [{ field, reason }] });
  });

  const notAString = 'must be a string';
  it.each<[string, Record<string, unknown>, string[]]>([
    ['the bare envelope', {}, []],
    [
      'every section',
      { exportedAt: 'today', secretsSalt: 's', providers: [], signInSettings: 1, redirectRules: 2, lookAndFeel: 3, accessRules: 4 },
      [],
    ],
    ['an unknown section', { extras: {} }, ['extras: is not a section of a configuration document']],
    ['providers that are not a list', { providers: {} }, ['providers: must be a list']],
    ['providers that are null', { providers: null }, ['providers: must be a list']],
    ['a provider that is not an object', { providers: [{ slug: 'a' }, 'okta'] }, ['providers[1]: must be an object']],
    [
      'two providers with one slug',
      { providers: [{ slug: 'a' }, { slug: 'b' }, { slug: 'a' }] },
      ['providers[2].slug: "a" is also the slug of providers[0]'],
    ],
    ['two providers without a slug', { providers: [{}, { slug: 1 }, {}] }, []],
    [
      'a secret that is not a string',
      { providers: [{ slug: 'a', clientSecret: 42 }] },
      ['providers[0].clientSecret: must be a string or null'],
    ],
    [
      'a sealed secret that is not a string',
      { providers: [{ slug: 'a', sealedClientSecret: 42 }] },
      [`providers[0].sealedClientSecret: ${notAString}`],
    ],
    [
      'a sealed secret that is null',
      { providers: [{ slug: 'a', sealedClientSecret: null }] },
      [`providers[0].sealedClientSecret: ${notAString}`],
    ],
    [
      'a plain and a sealed secret together',
      { providers: [{ slug: 'a', clientSecret: 's', sealedClientSecret: 'v1.x' }] },
      ['providers[0].clientSecret: give either clientSecret or sealedClientSecret, not both'],
    ],
    [
      'a removed and a sealed secret together',
      { providers: [{ slug: 'a', clientSecret: null, sealedClientSecret: 'v1.x' }] },
      ['providers[0].clientSecret: give either clientSecret or sealedClientSecret, not both'],
    ],
    ['a salt that is not a string', { secretsSalt: 1 }, [`secretsSalt: ${notAString}`]],
    ['a salt that is null', { secretsSalt: null }, [`secretsSalt: ${notAString}`]],
    ['an export date that is not a string', { exportedAt: 1 }, [`exportedAt: ${notAString}`]],
    ['an export date that is null', { exportedAt: null }, [`exportedAt: ${notAString}`]],
  ])('reads %s, listing the problems and going on', (_, extra, problems) => {
    const reading = readDocument({ ...envelope, ...extra });
    expect(reading.document).not.toBeNull();
    expect(reading.problems.map((p) => `${p.field}: ${p.reason}`)).toEqual(problems);
  });

  it('keeps the salt and every section as given', () => {
    const sections = { signInSettings: { a: 1 }, redirectRules: [{ b: 2 }], lookAndFeel: { c: 3 }, accessRules: [{ d: 4 }] };
    const reading = readDocument({ ...envelope, secretsSalt: 'c2FsdA==', ...sections });
    expect(reading.document).toStrictEqual({ secretsSalt: 'c2FsdA==', providers: [], ...sections });
  });

  it.each([
    ['the old name alone', { trustedForEmail: true }, { trustEmail: true }],
    ['the current name alone', { trustEmail: false }, { trustEmail: false }],
    ['both: the current name wins', { trustedForEmail: true, trustEmail: false }, { trustEmail: false }],
    ['neither: none is added', {}, {}],
  ])('reads a provider’s trustedForEmail as trustEmail: %s', (_, given, expected) => {
    const reading = readDocument({ ...envelope, providers: [{ slug: 'a', ...given }] });
    expect(reading.document?.providers[0]?.fields).toStrictEqual({ slug: 'a', ...expected });
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

  it('passes on a sealed secret and drops secrets of the wrong type (their problems are listed)', () => {
    const reading = readDocument({
      ...envelope,
      providers: [
        { slug: 'a', sealedClientSecret: 'v1.sealed' },
        { slug: 'b', sealedClientSecret: 7, clientSecret: 42 },
      ],
    });
    expect(reading.document!.providers.map((p) => [p.clientSecret, p.sealedClientSecret])).toEqual([
      [undefined, 'v1.sealed'],
      [undefined, undefined],
    ]);
  });

  it('keeps a stored secret unless the entry names one, and removes it on null', () => {
    const reading = readDocument({ ...envelope, providers: [{ slug: 'a' }, { slug: 'b', clientSecret: null }] });
    expect(reading.document!.providers.map((p) => p.clientSecret)).toEqual([undefined, null]);
  });
});
