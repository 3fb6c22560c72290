import { describe, expect, it } from '@jest/globals';
import { ChangeSequence } from './change-sequence.js';

type Step = ['notice', number] | ['listening', number] | ['check', number, number];

function run(steps: Step[]): unknown[] {
  const sequence = new ChangeSequence(200);
  return steps.map((step) =>
    step[0] === 'notice'
      ? sequence.noticed(step[1])
      : step[0] === 'listening'
        ? sequence.listening(step[1])
        : sequence.checked(step[1], step[2]),
  );
}

describe('ChangeSequence', () => {
  it.each<[string, Step[], unknown[]]>([
    [
      'notices in order miss nothing',
      [
        ['listening', 5],
        ['notice', 6],
        ['notice', 7],
        ['check', 7, 0],
      ],
      [false, false, false, 'ok'],
    ],
    [
      'a gap in the notices is a miss',
      [
        ['listening', 5],
        ['notice', 6],
        ['notice', 8],
      ],
      [false, false, true],
    ],
    [
      'an old or repeated notice is no miss',
      [
        ['listening', 5],
        ['notice', 4],
        ['notice', 5],
      ],
      [false, false, false],
    ],
    ['the first read only starts counting', [['listening', 40]], [false]],
    [
      'a reconnect finding the counter ahead is a miss at once',
      [
        ['listening', 5],
        ['listening', 6],
      ],
      [false, true],
    ],
    [
      'a reconnect finding nothing new is no miss',
      [
        ['listening', 5],
        ['notice', 6],
        ['listening', 6],
      ],
      [false, false, false],
    ],
    [
      'a counter ahead waits for its notice during the grace period',
      [
        ['listening', 5],
        ['check', 6, 1000],
        ['notice', 6],
        ['check', 6, 1300],
      ],
      [false, 'wait', false, 'ok'],
    ],
    [
      'a counter still ahead after the grace period is a miss, once',
      [
        ['listening', 5],
        ['check', 6, 1000],
        ['check', 6, 1100],
        ['check', 6, 1200],
        ['check', 6, 1300],
      ],
      [false, 'wait', 'wait', 'missed', 'ok'],
    ],
    [
      'a check before any read starts counting',
      [
        ['check', 9, 0],
        ['notice', 10],
        ['check', 10, 1],
      ],
      ['ok', false, 'ok'],
    ],
  ])('%s', (_name, steps, expected) => {
    expect(run(steps)).toEqual(expected);
  });
});
