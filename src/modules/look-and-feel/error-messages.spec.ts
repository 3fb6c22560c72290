import { describe, expect, it } from '@jest/globals';
import { ERROR_STATUS } from '../../common/domain-error.js';
import { defaultErrorMessage, KNOWN_ERROR_CODES } from './error-messages.js';
import { errorPageModelFor } from './look-and-feel-error-page.renderer.js';

describe('defaultErrorMessage', () => {
  const signInCodes = Object.keys(ERROR_STATUS).filter((code) => /^(SSO_|LOGIN_|BACKDOOR_)/.test(code));

  it.each([...new Set([...signInCodes, 'SSO_EMAIL_NOT_VERIFIED', 'CSRF_INVALID', 'NOT_FOUND', 'TOO_MANY_REQUESTS', 'INTERNAL'])])(
    '%s has its own title, message and hint',
    (code) => {
      expect(KNOWN_ERROR_CODES).toContain(code);
      const text = defaultErrorMessage(code);
      expect(text.title.length).toBeGreaterThan(5);
      expect(text.message).toMatch(/^[A-Z].*\.$/);
      expect(text.hint).toMatch(/\.$/);
    },
  );

  it('has a generic text for other codes', () => {
    expect(defaultErrorMessage('SOMETHING_NEW')).toMatchObject({ title: 'Sign-in failed' });
    expect(defaultErrorMessage('constructor')).toMatchObject({ title: 'Sign-in failed' });
  });
});

describe('errorPageModelFor (the global error filter’s page)', () => {
  const base = { status: 403, requestId: 'req-1' };

  it('uses the human message of a known code rather than the service’s', () => {
    expect(errorPageModelFor({ ...base, code: 'SSO_DOMAIN_NOT_ALLOWED', message: 'domain evil.example not in allow-list' })).toEqual({
      ...base,
      code: 'SSO_DOMAIN_NOT_ALLOWED',
      message: defaultErrorMessage('SSO_DOMAIN_NOT_ALLOWED').message,
      hint: defaultErrorMessage('SSO_DOMAIN_NOT_ALLOWED').hint,
      detail: 'domain evil.example not in allow-list',
      tryAgainUrl: '/login',
    });
  });

  it('keeps the message of other errors (DomainError messages are safe to show)', () => {
    expect(errorPageModelFor({ ...base, status: 400, code: 'VALIDATION_FAILED', message: 'return_to: must be a path' })).toMatchObject({
      message: 'return_to: must be a path',
    });
  });
});
