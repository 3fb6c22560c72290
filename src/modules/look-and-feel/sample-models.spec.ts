import { describe, expect, it } from '@jest/globals';
import { mergeSample, SAMPLE_LOGIN } from './sample-models.js';

describe('mergeSample', () => {
  it('merges objects field by field and replaces arrays and nulls', () => {
    const merged = mergeSample(SAMPLE_LOGIN, {
      emailFirst: { enabled: true },
      providers: [],
      autoRedirect: { url: '/x', delaySeconds: 3, cancelUrl: '/login' },
    });
    expect(merged.emailFirst).toEqual({ ...SAMPLE_LOGIN.emailFirst, enabled: true });
    expect(merged.providers).toEqual([]);
    expect(merged.autoRedirect).toEqual({ url: '/x', delaySeconds: 3, cancelUrl: '/login' });
    expect(merged.csrfToken).toBe(SAMPLE_LOGIN.csrfToken);
    expect(SAMPLE_LOGIN.emailFirst.enabled).toBe(false);
  });

  it('ignores keys that would reach prototypes', () => {
    const merged = mergeSample({ a: 1 }, JSON.parse('{"__proto__": {"polluted": true}, "constructor": {"x": 1}}'));
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.keys(merged)).toEqual(['a']);
  });
});
