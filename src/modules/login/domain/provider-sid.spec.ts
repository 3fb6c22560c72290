import { describe, expect, it } from '@jest/globals';
import { readProviderSid } from './provider-sid.js';

describe('readProviderSid', () => {
  it.each([
    [undefined, { ok: true, sid: null }],
    [42, { ok: true, sid: null }],
    ['08a5019c-17e1-4977-8f42-65a12843ea02', { ok: true, sid: '08a5019c-17e1-4977-8f42-65a12843ea02' }],
    ['x'.repeat(255), { ok: true, sid: 'x'.repeat(255) }],
    ['sid\u0000x', { ok: false, reason: 'it contains a NUL character' }],
    ['sid\nx', { ok: false, reason: 'it contains a control character' }],
    ['x'.repeat(256), { ok: false, reason: 'it is longer than 255 characters' }],
  ])('%j → %j', (sid, expected) => {
    expect(readProviderSid(sid)).toEqual(expected);
  });
});
