import { describe, expect, it } from '@jest/globals';
import { logoutHint, MAX_LOGOUT_HINT_LENGTH } from './logout-hint.js';

describe('logoutHint', () => {
  it.each([
    ['no token', undefined, null],
    ['an empty token', '', null],
    ['a token of the longest length kept', 'a'.repeat(MAX_LOGOUT_HINT_LENGTH), 'a'.repeat(MAX_LOGOUT_HINT_LENGTH)],
    ['a token one character longer', 'a'.repeat(MAX_LOGOUT_HINT_LENGTH + 1), null],
  ])('%s', (_, token, kept) => {
    expect(logoutHint(token)).toBe(kept);
  });
});
