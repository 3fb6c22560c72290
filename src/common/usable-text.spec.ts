import { describe, expect, it } from '@jest/globals';
import { unusableTextReason } from './usable-text.js';

describe('unusableTextReason', () => {
  it.each<[string, string, number, string | null]>([
    ['plain text', 'alice', 255, null],
    ['accents and emoji', 'Zoë 🐝', 255, null],
    ['a space inside', 'Alice Liddell', 255, null],
    ['exactly the limit', 'a'.repeat(255), 255, null],
    ['255 emoji (510 UTF-16 units, 255 characters as PostgreSQL counts)', '🐝'.repeat(255), 255, null],
    ['one over the limit', 'a'.repeat(256), 255, 'it is longer than 255 characters'],
    ['5,000 characters', 'a'.repeat(5000), 255, 'it is longer than 255 characters'],
    ['a NUL byte', 'ali\u0000ce', 255, 'it contains a NUL character'],
    ['a NUL byte in a long value (NUL is named first)', '\u0000'.repeat(300), 255, 'it contains a NUL character'],
    ['a newline', 'alice\nbob', 255, 'it contains a control character'],
    ['a tab', 'alice\tbob', 255, 'it contains a control character'],
    ['an escape', 'alice\u001b[31m', 255, 'it contains a control character'],
    ['DEL', 'alice\u007f', 255, 'it contains a control character'],
    ['a lone high surrogate', 'ali\ud83dce', 255, 'it is not valid Unicode (a lone UTF-16 surrogate)'],
    ['a lone low surrogate at the end', 'alice\udc1d', 255, 'it is not valid Unicode (a lone UTF-16 surrogate)'],
    ['a pair in the wrong order', 'ali\udc1d\ud83dce', 255, 'it is not valid Unicode (a lone UTF-16 surrogate)'],
    ['a pair (one emoji, written as its two halves)', 'ali\ud83d\udc1dce', 255, null],
  ])('%s', (_case, value, max, expected) => {
    expect(unusableTextReason(value, max)).toBe(expected);
  });
});
