import { describe, expect, it } from '@jest/globals';
import { matchedAccount } from './matched-account.js';

const byName = { id: 'u-name', emailVerified: true };
const verified = { id: 'u-mail', emailVerified: true };
const unverified = { id: 'u-mail', emailVerified: false };
const unknown = { id: 'u-mail' };

describe('matchedAccount (the verified-email gate)', () => {
  it.each<[string, 'username' | 'email', typeof byName | null, { id: string; emailVerified?: boolean } | null, string | null]>([
    ['by username: the username owner', 'username', byName, verified, 'u-name'],
    ['by username: nobody owns it', 'username', null, verified, null],
    ['by username: an unverified email owner does not matter', 'username', byName, unverified, 'u-name'],
    ['by email: a verified address opens the account', 'email', byName, verified, 'u-mail'],
    ['by email: an unverified address never does (pre-account takeover)', 'email', byName, unverified, null],
    ['by email: an address of unknown verification never does', 'email', null, unknown, null],
    ['by email: nobody owns it', 'email', byName, null, null],
  ])('%s', (_name, matchBy, byUsername, byEmail, expected) => {
    expect(matchedAccount({ matchBy, byUsername, byEmail })?.id ?? null).toBe(expected);
  });
});
