import { describe, expect, it } from '@jest/globals';
import { safeReturnTo } from './return-to.js';

const publicOrigin = 'https://sso.example.com';
const allowed = ['https://app.example.com', 'http://localhost:8080'];

describe('safeReturnTo', () => {
  it.each([
    ['/', '/'],
    ['/app?x=1#y', '/app?x=1#y'],
    ['/app/../settings', '/settings'],
    ['/a/./b', '/a/b'],
    ['/ü', '/%C3%BC'],
    // stays a path on our origin: the encoded slashes are not a host
    ['/%2F%2Fevil.com', '/%2F%2Fevil.com'],
    ['/evil.com', '/evil.com'],
    ['https://app.example.com/dashboard?tab=1', 'https://app.example.com/dashboard?tab=1'],
    ['HTTPS://APP.EXAMPLE.COM', 'https://app.example.com/'],
    ['https://app.example.com:443/x', 'https://app.example.com/x'],
    ['http://localhost:8080/cb', 'http://localhost:8080/cb'],
    ['https://sso.example.com/admin', 'https://sso.example.com/admin'],
  ])('follows %j as %j', (raw, expected) => {
    expect(safeReturnTo(raw, publicOrigin, allowed)).toBe(expected);
  });

  it.each([
    [undefined],
    [null],
    [''],
    ['//evil.com'],
    ['///evil.com'],
    ['/\\evil.com'],
    ['\\\\evil.com'],
    ['/.//evil.com'],
    ['/..//evil.com'],
    ['/a/../..//evil.com'],
    ['https://evil.com'],
    ['javascript:alert(1)'],
    ['JavaScript:alert(1)'],
    ['data:text/html,<script>alert(1)</script>'],
    ['http://allowed.example.com.evil.com'],
    ['https://app.example.com.evil.com/'],
    ['https://app.example.com@evil.com/'],
    ['https://user:pass@app.example.com/'],
    ['http://app.example.com/'],
    ['https://app.example.com:8443/'],
    ['http://localhost:8081/'],
    ['\t/evil'],
    ['/\t/evil.com'],
    ['/\n/evil.com'],
    ['/app\u0000'],
    ['/\u200b/evil.com'],
    [' /app'],
    ['app'],
    ['evil.com'],
    ['ftp://app.example.com/'],
    [`/${'a'.repeat(2048)}`],
  ])('falls back to / for %j', (raw) => {
    expect(safeReturnTo(raw, publicOrigin, allowed)).toBe('/');
  });

  it('accepts a path of exactly the maximum length', () => {
    const path = `/${'a'.repeat(2047)}`;
    expect(safeReturnTo(path, publicOrigin, allowed)).toBe(path);
  });

  it('ignores malformed allow-list entries and tolerates a trailing slash on the public origin', () => {
    expect(safeReturnTo('https://app.example.com/x', 'https://sso.example.com/', ['not a url', 'https://app.example.com/'])).toBe(
      'https://app.example.com/x',
    );
    expect(safeReturnTo('/x', 'not a url', [])).toBe('/');
  });
});
