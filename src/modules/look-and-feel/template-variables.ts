import { DEFAULT_LOOK_AND_FEEL } from './look-and-feel.settings.js';
import type { CustomisablePage, LoginPageModel } from './page-models.js';
import { errorVariables, homeVariables, loginVariablesWith, logoutVariables } from './page-views.js';
import { SAMPLE_ERROR, SAMPLE_HOME, SAMPLE_LOGIN, SAMPLE_LOGOUT } from './sample-models.js';

/**
 * The variables of each page's template, listed from the very functions that build them (the
 * page views), so Swagger and docs/look-and-feel.md can only say what templates really get.
 */
const NONCE = 'n';
// Every optional part present, so that each variable shows.
const FULL_LOGIN: LoginPageModel = {
  ...SAMPLE_LOGIN,
  autoRedirect: { url: '/sso/okta/start', delaySeconds: 3, cancelUrl: '/login?sso=false' },
};

const PAGE_VARIABLES: Record<CustomisablePage, object> = {
  login: loginVariablesWith(
    FULL_LOGIN,
    NONCE,
    FULL_LOGIN.providers.map(() => 'Log in'),
  ),
  error: errorVariables(SAMPLE_ERROR, { ...DEFAULT_LOOK_AND_FEEL }, NONCE),
  logout: logoutVariables(SAMPLE_LOGOUT, NONCE),
  home: homeVariables(SAMPLE_HOME, NONCE),
};

/** `providers[] (slug, displayName, …), providerForm (action, params[] (name, value)), …` for one page. */
export function templateVariables(page: CustomisablePage): string {
  return describeVariables(PAGE_VARIABLES[page]);
}

export function describeVariables(value: object): string {
  return Object.entries(value)
    .map(([name, member]) => describeMember(name, member))
    .join(', ');
}

function describeMember(name: string, value: unknown): string {
  if (Array.isArray(value)) {
    const [first] = value as unknown[];
    return isObject(first) ? `${name}[] (${describeVariables(first)})` : `${name}[]`;
  }
  return isObject(value) ? `${name} (${describeVariables(value)})` : name;
}

function isObject(value: unknown): value is object {
  return typeof value === 'object' && value !== null;
}

export const TEMPLATE_VARIABLES_START = '<!-- template-variables: generated from src/modules/look-and-feel/page-views.ts; do not edit -->';
export const TEMPLATE_VARIABLES_END = '<!-- /template-variables -->';

/** The docs' list of template variables, between its markers. */
export function templateVariablesMarkdown(): string {
  const pages: CustomisablePage[] = ['login', 'error', 'logout', 'home'];
  const lines = pages.map((page) => `- ${page}: ${templateVariables(page)}.`);
  return [TEMPLATE_VARIABLES_START, ...lines, TEMPLATE_VARIABLES_END].join('\n');
}
