import { describe, expect, it } from '@jest/globals';
import { safeImageUrl, safeUrl } from './safe-url.js';
import { isRedirectTarget } from './look-and-feel.settings.js';

describe('safeUrl', () => {
  it.each([
    ['/sso/demo/start?return_to=%2F', '/sso/demo/start?return_to=%2F'],
    ['https://idp.example.com/authorize', 'https://idp.example.com/authorize'],
    ['http://localhost:3000/login', 'http://localhost:3000/login'],
    ['login?x=1', 'login?x=1'],
    ['javascript:alert(1)', ''],
    ['JavaScript:alert(1)', ''],
    ['  javascript:alert(1)', ''],
    ['java\tscript:alert(1)', ''],
    ['java\nscript:alert(1)', ''],
    ['\u0001javascript:alert(1)', ''],
    ['vbscript:msgbox(1)', ''],
    ['data:text/html,<script>alert(1)</script>', ''],
    ['data:image/png;base64,AAAA', ''],
    ['file:///etc/passwd', ''],
    ['', ''],
    [null, ''],
    [42, ''],
  ])('%j → %j', (input, expected) => {
    expect(safeUrl(input)).toBe(expected);
  });
});

describe('safeImageUrl', () => {
  it.each([
    ['https://cdn.example.com/okta.svg', 'https://cdn.example.com/okta.svg'],
    ['/icons/okta.svg', '/icons/okta.svg'],
    ['data:image/png;base64,iVBORw0KGgo=', 'data:image/png;base64,iVBORw0KGgo='],
    ['data:image/svg+xml;base64,PHN2Zz4=', 'data:image/svg+xml;base64,PHN2Zz4='],
    ['data:text/html;base64,PHNjcmlwdD4=', ''],
    ['data:,hello', ''],
    ['javascript:alert(1)', ''],
    [' javascript:alert(document.cookie)', ''],
  ])('%j → %j', (input, expected) => {
    expect(safeImageUrl(input)).toBe(expected);
  });
});

describe('isRedirectTarget (postLogoutUrl)', () => {
  it.each([
    ['https://intranet.example.com/', true],
    ['http://localhost:8080/bye', true],
    ['/goodbye', true],
    ['/', true],
    ['//evil.example.com/', false],
    ['/\\evil.example.com', false],
    ['javascript:alert(1)', false],
    ['ftp://files.example.com/', false],
    ['goodbye', false],
    ['https://', false],
    ['https://ok.example.com/ x', false],
  ])('%j → %s', (input, expected) => {
    expect(isRedirectTarget(input)).toBe(expected);
  });
});
