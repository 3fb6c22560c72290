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

describe('safeReturnTo with a cookie domain (SESAME_COOKIE_DOMAIN=example.com)', () => {
  const domain = 'example.com';
  const follow = (raw: string, origin = publicOrigin) => safeReturnTo(raw, origin, [], domain);

  it.each([
    ['https://git.example.com/repo?x=1', 'https://git.example.com/repo?x=1'],
    ['https://example.com/', 'https://example.com/'],
    ['https://deep.wiki.example.com:8443/a', 'https://deep.wiki.example.com:8443/a'],
    ['HTTPS://GIT.Example.COM/Repo', 'https://git.example.com/Repo'],
    // IDN hosts under the domain are written as punycode, and still under it
    ['https://bücher.example.com/', 'https://xn--bcher-kva.example.com/'],
    ['https://xn--bcher-kva.example.com/', 'https://xn--bcher-kva.example.com/'],
    ['/local', '/local'],
  ])('follows %j as %j', (raw, expected) => {
    expect(follow(raw)).toBe(expected);
  });

  it.each([
    ['https://example.com.evil.io/'],
    ['https://git.example.com.evil.io/'],
    ['https://evil-example.com/'],
    ['https://evilexample.com/'],
    ['https://example.co/'],
    ['https://git.example.com./'],
    ['https://example.com./'],
    ['https://git.example.com@evil.io/'],
    ['https://evil.io@git.example.com/'],
    ['https://evil.io:x@git.example.com/'],
    ['https://git.example.com\\@evil.io/'],
    ['https:\\\\git.example.com/'],
    ['https://evil.io\\.example.com/'],
    ['https://evil.io/\\git.example.com'],
    ['https://evil.io#.example.com'],
    ['https://evil.io?.example.com'],
    ['https://evil.io%2F.example.com/'],
    // look-alikes with Cyrillic letters become other punycode hosts
    ['https://git.exаmple.com/'],
    ['https://git.еxample.com/'],
    ['//git.example.com/'],
    ['http://git.example.com/'],
    ['javascript://git.example.com/%0aalert(1)'],
    ['ftp://git.example.com/'],
    ['https://[::1]/'],
    ['https://127.0.0.1/'],
  ])('falls back to / for %j', (raw) => {
    expect(follow(raw)).toBe('/');
  });

  it('allows http under the domain only when Sesame itself is on http', () => {
    expect(follow('http://git.example.com/', 'http://sso.example.com')).toBe('http://git.example.com/');
    expect(follow('http://git.example.com/', 'https://sso.example.com')).toBe('/');
  });

  it('without a cookie domain, sibling hosts are refused as before', () => {
    expect(safeReturnTo('https://git.example.com/', publicOrigin, [])).toBe('/');
  });
});
