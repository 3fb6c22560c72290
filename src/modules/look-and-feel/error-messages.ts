export interface ErrorText {
  /** A short heading for the error page. */
  readonly title: string;
  /** What happened, in words a member of staff understands. */
  readonly message: string;
  /** What to do next, or null when there is nothing better than "try again". */
  readonly hint: string | null;
}

const CONTACT_ADMIN = 'If you think this is a mistake, contact your administrator and quote the request ID below.';

const ERROR_TEXTS = {
  SSO_DISABLED: {
    title: 'Single sign-on is turned off',
    message: 'Signing in through your organisation’s identity provider is currently disabled.',
    hint: 'Contact your administrator if you need access now.',
  },
  SSO_PROVIDER_UNKNOWN: {
    title: 'Sign-in method not found',
    message: 'The sign-in method you chose does not exist.',
    hint: 'Go back to the sign-in page and choose one of the methods listed there.',
  },
  SSO_PROVIDER_DISABLED: {
    title: 'Sign-in method unavailable',
    message: 'The sign-in method you chose is currently turned off.',
    hint: 'Go back to the sign-in page and choose another method, or contact your administrator.',
  },
  SSO_STATE_INVALID: {
    title: 'Your sign-in expired',
    message: 'This sign-in attempt expired or was started in another browser window.',
    hint: 'Start again from the sign-in page, in this browser, and finish within a few minutes.',
  },
  SSO_ACCESS_DENIED: {
    title: 'Sign-in was cancelled',
    message: 'Your identity provider did not allow the sign-in, or it was cancelled.',
    hint: 'Try again. If it keeps happening, ask your administrator whether you have access to this application.',
  },
  SSO_PROVIDER_ERROR: {
    title: 'Your identity provider had a problem',
    message: 'We could not complete the sign-in because your identity provider returned an error.',
    hint: 'Wait a moment and try again. If it keeps happening, contact your administrator.',
  },
  SSO_PROVIDER_TIMEOUT: {
    title: 'Your identity provider is not responding',
    message: 'Your identity provider took too long to answer.',
    hint: 'Wait a moment and try again.',
  },
  SSO_ID_TOKEN_INVALID: {
    title: 'Sign-in could not be verified',
    message: 'The identity provider’s answer failed a security check, so you were not signed in.',
    hint: CONTACT_ADMIN,
  },
  SSO_USERINFO_INVALID: {
    title: 'Sign-in could not be verified',
    message: 'Your profile from the identity provider could not be read or did not match your sign-in.',
    hint: CONTACT_ADMIN,
  },
  SSO_ATTRIBUTE_MISSING: {
    title: 'Your profile is incomplete',
    message: 'Your identity provider did not send a detail this application needs, such as your username or email.',
    hint: 'Ask your administrator to check what your identity provider shares with this application.',
  },
  SSO_UNUSABLE_CLAIM: {
    title: 'Your profile could not be used',
    message: 'The identity provider sent an unusable value (for example in your username, name or groups), so you were not signed in.',
    hint: CONTACT_ADMIN,
  },
  SSO_USERNAME_CONFLICT: {
    title: 'Your account could not be matched',
    message: 'Another account already uses your username or email address.',
    hint: CONTACT_ADMIN,
  },
  SSO_USER_CREATION_DISABLED: {
    title: 'You do not have an account yet',
    message: 'You do not have an account in this application, and new accounts are not created automatically.',
    hint: 'Ask your administrator to create your account.',
  },
  SSO_USER_DISABLED: {
    title: 'Your account is disabled',
    message: 'Your account in this application has been deactivated.',
    hint: 'Contact your administrator to have it reactivated.',
  },
  SSO_DOMAIN_NOT_ALLOWED: {
    title: 'Access denied',
    message: 'Accounts with your email domain are not allowed to sign in to this application.',
    hint: 'Sign in with your work account. ' + CONTACT_ADMIN,
  },
  SSO_GROUP_NOT_ALLOWED: {
    title: 'Access denied',
    message: 'Your groups do not give you access to this application.',
    hint: 'Ask your administrator to add you to a group that has access.',
  },
  SSO_NO_MAPPED_GROUP: {
    title: 'Access denied',
    message: 'You are not a member of any group that has access to this application.',
    hint: 'Ask your administrator to add you to a group that has access.',
  },
  SSO_EMAIL_NOT_VERIFIED: {
    title: 'Email address not verified',
    message: 'Your identity provider has not verified your email address, so it cannot be used to find your account.',
    hint: 'Verify your email address with your identity provider, then try again.',
  },
  SSO_TEST_LINK_INVALID: {
    title: 'Test link expired',
    message: 'This Test Configuration link is invalid or has already been used.',
    hint: 'Start a new test from the provider’s settings.',
  },
  LOGIN_NO_PROVIDER: {
    title: 'No sign-in method found',
    message: 'There is no sign-in method for this email address.',
    hint: 'Check the address for typos, or use your work email. ' + CONTACT_ADMIN,
  },
  BACKDOOR_LOGIN_FAILED: {
    title: 'Sign-in failed',
    message: 'The username or password is incorrect.',
    hint: 'Check your details and try again.',
  },
  CSRF_INVALID: {
    title: 'Your session expired',
    message: 'The form you sent was out of date, so nothing was done.',
    hint: 'Go back, reload the page and try again.',
  },
  NOT_FOUND: {
    title: 'Page not found',
    message: 'The page you asked for does not exist.',
    hint: 'Check the address, or start again from the sign-in page.',
  },
  TOO_MANY_REQUESTS: {
    title: 'Too many attempts',
    message: 'There have been too many attempts in a short time.',
    hint: 'Wait a minute, then try again.',
  },
  DATABASE_UNAVAILABLE: {
    title: 'Sesame is briefly unavailable',
    message: 'Sesame cannot reach its database right now, so nobody can sign in or out for the moment.',
    hint: 'Wait a few seconds, then try again. If it lasts, contact your administrator.',
  },
  INTERNAL: {
    title: 'Something went wrong',
    message: 'Something went wrong on our side and you were not signed in.',
    hint: 'Try again in a moment. If it keeps happening, contact your administrator and quote the request ID below.',
  },
} as const satisfies Record<string, ErrorText>;

export type KnownErrorCode = keyof typeof ERROR_TEXTS;

/** Codes an administrator may write a message for (`errorMessages`). */
export const KNOWN_ERROR_CODES = Object.freeze(Object.keys(ERROR_TEXTS) as KnownErrorCode[]);

export function isKnownErrorCode(code: string): code is KnownErrorCode {
  return Object.hasOwn(ERROR_TEXTS, code);
}

const GENERIC: ErrorText = { title: 'Sign-in failed', message: 'We could not sign you in.', hint: 'Try again from the sign-in page.' };

/** The built-in text for an error code; a generic one for codes without their own. */
export function defaultErrorMessage(code: string): ErrorText {
  return isKnownErrorCode(code) ? ERROR_TEXTS[code] : GENERIC;
}
