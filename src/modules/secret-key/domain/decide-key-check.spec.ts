import { describe, expect, it } from '@jest/globals';
import { decideKeyCheck, wrongKeyProblem } from './decide-key-check.js';

describe('decideKeyCheck', () => {
  it.each([
    ['nothing stored', null, [], { kind: 'first-start' }],
    ['nothing stored, previous keys set', null, ['A'], { kind: 'first-start' }],
    ['the current key stored', 'B', [], { kind: 'current' }],
    ['the current key stored, previous keys still set', 'B', ['A'], { kind: 'current' }],
    ['a previous key stored', 'A', ['A'], { kind: 'previous', stored: 'A' }],
    ['the second previous key stored', 'A', ['C', 'A'], { kind: 'previous', stored: 'A' }],
    ['another key stored', 'A', [], { kind: 'wrong' }],
    ['another key stored, other previous keys', 'A', ['C'], { kind: 'wrong' }],
  ])('%s', (_label, stored, previous, decision) => {
    expect(decideKeyCheck(stored, 'B', previous)).toEqual(decision);
  });

  it.each([true, false])('explains a refused key without printing one (previous keys: %s)', (hasPrevious) => {
    const problem = wrongKeyProblem(hasPrevious);
    expect(problem).toMatch(/sealed with/);
    expect(problem).not.toContain('\n');
    expect(problem.includes('SESAME_SECRET_KEY_PREVIOUS')).toBe(true);
    expect(problem).toContain('start with the key the other instances use');
  });

  it('tells how to change the key only when no previous key is set', () => {
    expect(wrongKeyProblem(false)).toContain('(to change the key, set the old one in SESAME_SECRET_KEY_PREVIOUS)');
    expect(wrongKeyProblem(true)).toMatch(/^neither it nor any key in SESAME_SECRET_KEY_PREVIOUS is the key /);
  });
});
