import type {
  BackdoorPageModel,
  ErrorPageModel,
  HomePageModel,
  LoginPageModel,
  LogoutPageModel,
  TestResultPageModel,
} from './page-models.js';
import type { CustomisablePageModels } from './page-renderer.js';

const MICROSOFT_ICON =
  'data:image/svg+xml;base64,' +
  Buffer.from(
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><path fill="#f25022" d="M1 1h10.5v10.5H1z"/><path fill="#7fba00" d="M12.5 1H23v10.5H12.5z"/><path fill="#00a4ef" d="M1 12.5h10.5V23H1z"/><path fill="#ffb900" d="M12.5 12.5H23V23H12.5z"/></svg>',
  ).toString('base64');

/** Data for previews (an administrator's `sample` is merged over it) and for looking at the built-in pages. */
export const SAMPLE_LOGIN: LoginPageModel = {
  providers: [
    { slug: 'entra', displayName: 'Microsoft', startUrl: '/sso/entra/start?return_to=%2F', buttonText: '', iconUrl: MICROSOFT_ICON },
    { slug: 'okta', displayName: 'Okta', startUrl: '/sso/okta/start?return_to=%2F', buttonText: '', iconUrl: null },
  ],
  emailFirst: { enabled: false, action: '/login/discover', email: '', message: null },
  autoRedirect: null,
  rememberMe: { enabled: true },
  backdoorUrl: '/backdoor',
  ssoEnabled: true,
  csrfToken: 'sample-csrf-token',
  returnTo: '/',
  message: null,
};

export const SAMPLE_ERROR: ErrorPageModel = {
  status: 403,
  code: 'SSO_DOMAIN_NOT_ALLOWED',
  message: '',
  hint: null,
  requestId: '4f1c2a9e-7d3b-4c55-9a61-0b8e2f6d1c3a',
  tryAgainUrl: '/login',
};

export const SAMPLE_LOGOUT: LogoutPageModel = {
  user: { username: 'alice', displayName: 'Alice Martin' },
  loginUrl: '/login',
};

export const SAMPLE_HOME: HomePageModel = {
  user: { username: 'alice', displayName: 'Alice Martin', email: 'alice.martin@example.com', groups: ['developers', 'staff'] },
  links: [
    { name: 'Wiki', url: 'https://wiki.example.com/', description: 'How we work, and who to ask' },
    { name: 'Build server', url: 'https://ci.example.com/', description: null },
  ],
  logoutAction: '/logout',
  csrfToken: 'sample-csrf-token',
};

export const SAMPLE_TEST_RESULT: TestResultPageModel = {
  provider: { slug: 'entra', displayName: 'Microsoft Entra ID' },
  ok: true,
  error: null,
  attributes: [
    { path: 'sub', value: 'AAAAAAAAAAAAAAAAAAAAAFq0cvV9lU' },
    { path: 'email', value: 'alice.martin@example.com' },
    { path: 'email_verified', value: 'true' },
    { path: 'name', value: 'Alice Martin' },
    { path: 'preferred_username', value: 'alice.martin@example.com' },
    { path: 'groups[0]', value: 'engineering' },
    { path: 'groups[1]', value: 'all-staff' },
  ],
  preview: {
    user: {
      action: 'Create a new user',
      username: 'alice.martin',
      email: 'alice.martin@example.com',
      rule: 'Username from preferred_username (before @)',
    },
    groups: {
      add: [
        { group: 'developers', rule: 'groups contains "engineering"' },
        { group: 'staff', rule: 'Default group for every user' },
      ],
      remove: [{ group: 'contractors', rule: 'Not in the identity provider’s groups any more' }],
      create: ['developers'],
    },
    denied: null,
  },
};

export const SAMPLE_BACKDOOR: BackdoorPageModel = {
  formAction: '/backdoor',
  csrfToken: 'sample-csrf-token',
  key: 'sample-key',
  error: null,
  username: '',
};

export const SAMPLE_MODELS: CustomisablePageModels = { login: SAMPLE_LOGIN, error: SAMPLE_ERROR, logout: SAMPLE_LOGOUT, home: SAMPLE_HOME };

const UNSAFE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** `override` merged over `base`: objects field by field, anything else (arrays included) replaced. */
export function mergeSample<T>(base: T, override: unknown): T {
  if (!isPlainObject(base) || !isPlainObject(override)) return (override === undefined ? base : override) as T;
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(override)) {
    if (UNSAFE_KEYS.has(key)) continue;
    merged[key] = mergeSample(merged[key], value);
  }
  return merged as T;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
