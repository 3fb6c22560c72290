import { describe, expect, it } from '@jest/globals';
import { DEFAULT_RESYNC, resyncWithDefaults, scopesToRequest, validateResync } from './resync-settings.js';

describe('validateResync', () => {
  it.each<[string, unknown, string[]]>([
    ['all fields', { enabled: true, intervalSeconds: 60, maxPerMinute: 100 }, []],
    ['only enabled', { enabled: true }, []],
    ['the smallest interval', { intervalSeconds: 1 }, []],
    ['the largest interval and rate', { intervalSeconds: 86_400, maxPerMinute: 60_000 }, []],
    ['a rate over the limit', { maxPerMinute: 60_001 }, ['resync.maxPerMinute']],
    ['not an object', 'yes', ['resync']],
    ['an array', [], ['resync']],
    ['null', null, ['resync']],
    ['enabled as a string', { enabled: 'true' }, ['resync.enabled']],
    ['a zero interval', { intervalSeconds: 0 }, ['resync.intervalSeconds']],
    ['a fractional interval', { intervalSeconds: 1.5 }, ['resync.intervalSeconds']],
    ['an interval over a day', { intervalSeconds: 86_401 }, ['resync.intervalSeconds']],
    ['a rate of zero', { maxPerMinute: 0 }, ['resync.maxPerMinute']],
    ['an unknown member', { enabled: true, every: 5 }, ['resync.every']],
  ])('%s', (_, value, fields) => {
    expect(validateResync(value).map((p) => p.field)).toEqual(fields);
  });
});

describe('validateResync: the reasons', () => {
  it.each<[unknown, { field: string; reason: string }[]]>([
    ['yes', [{ field: 'resync', reason: 'must be an object' }]],
    [{ every: 5 }, [{ field: 'resync.every', reason: 'is not a re-sync setting' }]],
    [{ enabled: 'true' }, [{ field: 'resync.enabled', reason: 'must be a boolean' }]],
    [{ intervalSeconds: 0 }, [{ field: 'resync.intervalSeconds', reason: 'must be a whole number from 1 to 86400' }]],
  ])('%j', (value, problems) => expect(validateResync(value)).toEqual(problems));
});

describe('resyncWithDefaults', () => {
  it.each<[string, Parameters<typeof resyncWithDefaults>[0], object]>([
    ['nothing given', undefined, DEFAULT_RESYNC],
    ['null', null, DEFAULT_RESYNC],
    ['enabled only', { enabled: true }, { ...DEFAULT_RESYNC, enabled: true }],
    ['an interval', { intervalSeconds: 5 }, { ...DEFAULT_RESYNC, intervalSeconds: 5 }],
  ])('%s', (_, given, expected) => expect(resyncWithDefaults(given)).toEqual(expected));
});

describe('scopesToRequest', () => {
  const on = { ...DEFAULT_RESYNC, enabled: true };
  it.each<[string, string[], boolean, string[]]>([
    ['off: as configured', ['openid', 'email'], false, ['openid', 'email']],
    ['on: offline_access added', ['openid', 'email'], true, ['openid', 'email', 'offline_access']],
    ['on: offline_access not doubled', ['openid', 'offline_access'], true, ['openid', 'offline_access']],
  ])('%s', (_, scopes, enabled, expected) => {
    expect(scopesToRequest(scopes, enabled ? on : DEFAULT_RESYNC)).toEqual(expected);
  });
});
