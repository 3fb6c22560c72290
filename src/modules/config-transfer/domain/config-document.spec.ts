import { describe, expect, it } from '@jest/globals';
import { under } from './config-document.js';

describe('under: a part’s problems named by their place in the whole document', () => {
  it.each([
    // prefix, the part's field, the document's field
    ['providers[1]', 'issuer', 'providers[1].issuer'],
    ['providers[0]', 'endpoints.token', 'providers[0].endpoints.token'],
    // a problem with the part as a whole is named by the part
    ['signInSettings', '', 'signInSettings'],
  ])('%s + "%s" → %s', (prefix, field, expected) => {
    expect(under(prefix, [{ field, reason: 'is wrong' }])).toEqual([{ field: expected, reason: 'is wrong' }]);
  });

  it('keeps every problem, in order, with its reason', () => {
    expect(
      under('lookAndFeel', [
        { field: 'a', reason: 'first' },
        { field: 'b', reason: 'second' },
      ]),
    ).toEqual([
      { field: 'lookAndFeel.a', reason: 'first' },
      { field: 'lookAndFeel.b', reason: 'second' },
    ]);
    expect(under('x', [])).toEqual([]);
  });
});
