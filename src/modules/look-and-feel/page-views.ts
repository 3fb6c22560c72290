import { defaultErrorMessage } from './error-messages.js';
import type { LookAndFeelSettings } from './look-and-feel.settings.js';
import type {
  BackdoorPageModel,
  ErrorPageModel,
  ForbiddenPageModel,
  HomePageModel,
  LoginPageModel,
  LogoutConfirmPageModel,
  LogoutPageModel,
  ProviderButton,
  TestResultPageModel,
} from './page-models.js';
import { safeImageUrl, safeUrl } from './safe-url.js';

/**
 * Page models turned into template variables. Every URL is made safe here as well as by the
 * built-in templates' `safe_url`, so an administrator's template that prints `{{ provider.startUrl }}`
 * without the filter is still safe.
 */
export interface QueryParam {
  readonly name: string;
  readonly value: string;
}

export interface ProviderView {
  readonly slug: string;
  readonly displayName: string;
  readonly buttonText: string;
  readonly startUrl: string;
  readonly iconUrl: string | null;
  /** The first letter of the name, shown when there is no icon. */
  readonly initial: string;
  /** startUrl without its query, and the query as fields: for a GET form. */
  readonly action: string;
  readonly params: QueryParam[];
}

export type ButtonTextRenderer = (provider: ProviderButton) => Promise<string>;

export async function loginVariables(model: LoginPageModel, nonce: string, buttonText: ButtonTextRenderer) {
  const providers: ProviderView[] = await Promise.all(model.providers.map(async (p) => providerView(p, await buttonText(p))));
  return {
    providers,
    providerForm: sharedProviderForm(providers, model.returnTo),
    emailFirst: { ...model.emailFirst, action: safeUrl(model.emailFirst.action) },
    autoRedirect: model.autoRedirect && {
      url: safeUrl(model.autoRedirect.url),
      delaySeconds: Math.max(0, Math.floor(Number(model.autoRedirect.delaySeconds) || 0)),
      cancelUrl: safeUrl(model.autoRedirect.cancelUrl),
    },
    rememberMe: { enabled: model.rememberMe.enabled === true },
    backdoorUrl: safeUrl(model.backdoorUrl) || null,
    ssoEnabled: model.ssoEnabled,
    csrfToken: model.csrfToken,
    returnTo: model.returnTo,
    message: model.message,
    nonce,
  };
}

export function errorVariables(model: ErrorPageModel, settings: LookAndFeelSettings, nonce: string) {
  const defaults = defaultErrorMessage(model.code);
  const override = Object.hasOwn(settings.errorMessages, model.code) ? settings.errorMessages[model.code] : undefined;
  return {
    status: model.status,
    code: model.code,
    title: defaults.title,
    message: override || model.message || defaults.message,
    hint: model.hint ?? defaults.hint,
    detail: model.detail ?? null,
    requestId: model.requestId,
    tryAgainUrl: safeUrl(model.tryAgainUrl) || '/login',
    nonce,
  };
}

export function logoutVariables(model: LogoutPageModel, nonce: string) {
  const user = model.user && { ...model.user, name: model.user.displayName || model.user.username };
  return { user, loginUrl: safeUrl(model.loginUrl) || '/login', nonce };
}

export function homeVariables(model: HomePageModel, nonce: string) {
  const user = { ...model.user, groups: [...model.user.groups], name: model.user.displayName || model.user.username };
  // Links were checked when saved; made safe again here, so a template printing them bare is safe too.
  const links = model.links.map((link) => ({ ...link, url: safeUrl(link.url) })).filter((link) => link.url !== '');
  return { user, links, logoutAction: safeUrl(model.logoutAction) || '/logout', csrfToken: model.csrfToken, nonce };
}

/** The login flow reports the account decision as a code; the page says it in words. */
const USER_ACTIONS: Record<string, string> = { create: 'Create a new user', use: 'Sign in to the existing user' };

export function testResultVariables(model: TestResultPageModel, nonce: string) {
  const groups = model.preview?.groups;
  const groupChangeCount = groups ? groups.add.length + groups.remove.length + groups.create.length : 0;
  const user = model.preview?.user;
  const action = (code: string) => (Object.hasOwn(USER_ACTIONS, code) ? USER_ACTIONS[code] : code);
  const preview = model.preview && { ...model.preview, user: user && { ...user, action: action(user.action) } };
  return { ...model, preview, groupChangeCount, nonce };
}

export function logoutConfirmVariables(model: LogoutConfirmPageModel, nonce: string) {
  return { csrfToken: model.csrfToken, formAction: safeUrl(model.formAction), cancelUrl: safeUrl(model.cancelUrl) || '/', nonce };
}

export function backdoorVariables(model: BackdoorPageModel, nonce: string) {
  return { ...model, formAction: safeUrl(model.formAction), nonce };
}

function providerView(provider: ProviderButton, buttonText: string): ProviderView {
  const startUrl = safeUrl(provider.startUrl);
  const [action, params] = splitQuery(startUrl);
  return {
    slug: provider.slug,
    displayName: provider.displayName,
    buttonText,
    startUrl,
    iconUrl: safeImageUrl(provider.iconUrl) || null,
    initial: Array.from(provider.displayName.trim())[0]?.toUpperCase() ?? '?',
    action,
    params,
  };
}

function splitQuery(url: string): [string, QueryParam[]] {
  const withoutFragment = url.split('#')[0] ?? '';
  const at = withoutFragment.indexOf('?');
  if (at < 0) return [withoutFragment, []];
  const params = [...new URLSearchParams(withoutFragment.slice(at + 1))].map(([name, value]) => ({ name, value }));
  return [withoutFragment.slice(0, at), params];
}

/** One form serves every button when their start URLs carry the same parameters (the usual case). */
function sharedProviderForm(providers: ProviderView[], returnTo: string): { action: string; params: QueryParam[] } | null {
  const [first] = providers;
  if (!first) return null;
  const signature = (p: ProviderView) => JSON.stringify(p.params);
  if (!providers.every((p) => signature(p) === signature(first))) return null;
  const params = [...first.params];
  if (returnTo && !params.some((p) => p.name === 'return_to')) params.push({ name: 'return_to', value: returnTo });
  return { action: first.action, params };
}

export function forbiddenVariables(model: ForbiddenPageModel, nonce: string) {
  const user = { ...model.user, name: model.user.displayName || model.user.username };
  return { ...model, user, switchUserUrl: safeUrl(model.switchUserUrl), signOutUrl: safeUrl(model.signOutUrl), nonce };
}
