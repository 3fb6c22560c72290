import { describe, expect, it } from '@jest/globals';
import { SignedState } from './signed-state.js';

describe('SignedState', () => {
  const states = new SignedState('s'.repeat(40));
  const now = 1_800_000_000_000;

  it('accepts its own state before it expires', () => {
    expect(states.verify(states.issue(now, 60_000), now + 59_000)).toBe(true);
  });

  it('carries its data back as it was sent, and nothing for a state without data', () => {
    const target = 'https://git.example.com/repo?a=1&b=é';
    expect(states.read(states.issue(now, 60_000, target), now)).toBe(target);
    expect(states.read(states.issue(now, 60_000), now)).toBe('');
  });

  it('refuses a state whose data was swapped', () => {
    const [expires, random, , signature] = states.issue(now, 60_000, 'https://git.example.com/').split('.');
    const swapped = [expires, random, Buffer.from('https://evil.io/').toString('base64url'), signature].join('.');
    expect(states.read(swapped, now)).toBeNull();
  });

  it.each([
    ['expired', (s: string) => [s, now + 61_000] as const],
    ['tampered', (s: string) => [s.replace(/^\d+/, (d) => String(Number(d) + 3600)), now] as const],
    ['signed with another key', () => [new SignedState('x'.repeat(40)).issue(now, 60_000), now] as const],
    ['garbage', () => ['abc', now] as const],
  ])('refuses a state that is %s', (_name, make) => {
    const [state, at] = make(states.issue(now, 60_000));
    expect(states.verify(state, at)).toBe(false);
  });
});
