/**
 * What the login flow hands to the renderer for each page. The same fields (camelCase) are the
 * variables of the administrator's Liquid templates; see template-variables.ts.
 */
export interface ProviderButton {
  slug: string;
  displayName: string;
  startUrl: string;
  /** The provider's own button text (a Liquid text template); '' uses the `loginButtonText` setting. */
  buttonText: string;
  iconUrl: string | null;
}

export interface LoginPageModel {
  providers: ProviderButton[];
  /** POST form: field `email`, hidden `return_to` and `csrf`. */
  emailFirst: { enabled: boolean; action: string; email: string; message: string | null };
  /** delaySeconds 0 redirects at once. */
  autoRedirect: { url: string; delaySeconds: number; cancelUrl: string } | null;
  /** A checkbox `remember_me` (value `1`) sent to the provider's start URL. */
  rememberMe: { enabled: boolean };
  /** The link "Emergency sign-in"; never contains the backdoor key. */
  backdoorUrl: string | null;
  ssoEnabled: boolean;
  csrfToken: string;
  returnTo: string;
  message: string | null;
}

export interface ErrorPageModel {
  status: number;
  code: string;
  message: string;
  hint: string | null;
  /** The specific reason behind the code, for whoever reads the request id to support. */
  detail?: string | null;
  requestId: string;
  tryAgainUrl: string;
}

export interface LogoutPageModel {
  user: { username: string; displayName: string | null } | null;
  loginUrl: string;
}

export interface TestResultPageModel {
  provider: { slug: string; displayName: string };
  ok: boolean;
  error: {
    code: string;
    message: string;
    hint: string | null;
    step?: string | null;
    error?: string | null;
    error_description?: string | null;
  } | null;
  attributes: { path: string; value: string }[];
  preview: {
    user: { action: string; username: string | null; email: string | null; rule: string } | null;
    groups: { add: { group: string; rule: string }[]; remove: { group: string; rule: string }[]; create: string[] };
    denied: { code: string; message: string } | null;
  } | null;
}

/** Form fields: `username`, `password`, hidden `csrf` and `key`. */
export interface BackdoorPageModel {
  formAction: string;
  csrfToken: string;
  key: string;
  error: string | null;
  username: string;
}

/** The "Sign out?" page: a form that posts `csrf` to formAction. */
export interface LogoutConfirmPageModel {
  formAction: string;
  csrfToken: string;
  cancelUrl: string;
}

/** `/` for a signed-in user: who they are, the links meant for them, and a way out. */
export interface HomePageModel {
  user: { username: string; displayName: string | null; email: string | null; groups: string[] };
  /** Already filtered to this user's groups. */
  links: { name: string; url: string; description: string | null }[];
  /** Sign out: a POST form from this page, with the CSRF token. */
  logoutAction: string;
  csrfToken: string;
}

/** The pages an administrator may replace with a template. */
export type CustomisablePage = 'login' | 'error' | 'logout' | 'home';

/** Forward-auth's refusal, shown on the application's host: who is signed in and which rule keeps them out. */
export interface ForbiddenPageModel {
  user: { username: string; displayName: string | null; email: string | null };
  /** The application's host name. */
  app: string;
  reason: string;
  switchUserUrl: string;
  signOutUrl: string;
  requestId: string;
}
