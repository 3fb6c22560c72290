import { describe, expect, it } from '@jest/globals';
import { subjectOf, type SubjectSource } from './subject-of.js';

const oidc: SubjectSource = { kind: 'oidc', subjectAttribute: null };
const oauth: SubjectSource = { kind: 'oauth2', subjectAttribute: 'account.id' };

describe('subjectOf', () => {
  it.each<[string, SubjectSource, Record<string, unknown>, string | null]>([
    ['OpenID: sub', oidc, { sub: 'abc', id: 'x' }, 'abc'],
    ['OpenID: no sub', oidc, { id: 'x' }, null],
    ['OpenID: empty sub', oidc, { sub: '' }, null],
    ['OpenID: the subject attribute is ignored', { kind: 'oidc', subjectAttribute: 'id' }, { sub: 'abc', id: 'x' }, 'abc'],
    ['OAuth: the attribute wins over sub', oauth, { sub: 'other', account: { id: 'acct-1' } }, 'acct-1'],
    ['OAuth: a numeric id', oauth, { account: { id: 42 } }, '42'],
    ['OAuth: attribute missing, sub present', oauth, { sub: 'other' }, null],
    ['OAuth: an object is no subject', oauth, { account: { id: { nested: 1 } } }, null],
    ['OAuth without an attribute: sub', { kind: 'oauth2', subjectAttribute: null }, { sub: 'abc' }, 'abc'],
  ])('%s', (_name, provider, claims, expected) => {
    expect(subjectOf(claims, provider)).toBe(expected);
  });
});
