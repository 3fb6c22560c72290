import { describe, expect, it } from '@jest/globals';
import { parseStartPrompt } from './start-prompt.js';

describe('parseStartPrompt', () => {
  it.each<[string, unknown, string | null]>([
    ['no prompt', undefined, null],
    ['an empty one', '', null],
    ['login', 'login', 'login'],
    ['select_account', 'select_account', 'select_account'],
    ['consent', 'consent', 'consent'],
    ['two, with a repeat and extra spaces', 'login  consent login', 'login consent'],
  ])('%s: accepted as %s', (_name, raw, prompt) => {
    expect(parseStartPrompt(raw)).toEqual({ ok: true, prompt });
  });

  it.each<[string, unknown]>([
    ['none (an error instead of a page)', 'none'],
    ['none with login', 'none login'],
    ['an unknown value', 'relogin'],
    ['upper case', 'LOGIN'],
    ['only spaces', '   '],
    ['given twice in the query', ['login', 'consent']],
    ['very long', 'login '.repeat(30)],
  ])('%s: refused, naming the field', (_name, raw) => {
    expect(parseStartPrompt(raw)).toEqual({
      ok: false,
      field: 'prompt',
      reason: expect.stringMatching(/^must be login, select_account, consent/),
    });
  });
});
