/**
 * Renders Sesame's browser pages: the administrator's Liquid template when one is set (login,
 * error, logout), else the built-in page.
 *
 * Template variables (camelCase; every `{{ }}` is HTML-escaped, there is no `raw`):
 * - every page: `nonce` — put `nonce="{{ nonce }}"` on each <script> and <style>, or the
 *   Content-Security-Policy blocks it; `{% default_styles %}` prints Sesame's own stylesheet.
 * - login: `providers[]` (`slug`, `displayName`, `buttonText`, `startUrl`, `iconUrl` or nil,
 *   `initial`, `action` + `params[]` (`name`, `value`) for a GET form), `providerForm` (`action`,
 *   `params[]`, nil when providers need separate links), `emailFirst` (`enabled`, `action`,
 *   `email`, `message`; POST `email`, `return_to`, `csrf`), `autoRedirect` (`url`,
 *   `delaySeconds`, `cancelUrl`, or nil), `rememberMe.enabled` (checkbox `remember_me` = 1),
 *   `backdoorUrl`, `ssoEnabled`, `csrfToken`, `returnTo`, `message`.
 * - error: `status`, `code`, `title`, `message`, `hint`, `requestId`, `tryAgainUrl`.
 * - logout: `user` (`username`, `displayName`, `name`, or nil), `loginUrl`.
 * - home: `user` (`username`, `displayName`, `name`, `email`, `groups[]`), `links[]` (`name`,
 *   `url`, `description`), `logoutAction` and `csrfToken` (a POST form signs out; send the token as `csrf`).
 * Filters: the standard Liquid ones plus `safe_url` / `safe_image_url` (anything but http(s),
 * relative or, for images, data:image/ becomes empty). No include/render/layout/block.
 * `loginButtonText` is a text template with `provider.displayName` and `provider.slug`.
 */
import type { LookAndFeelSettings } from './look-and-feel.settings.js';
import type {
  BackdoorPageModel,
  CustomisablePage,
  ErrorPageModel,
  ForbiddenPageModel,
  HomePageModel,
  LoginPageModel,
  LogoutConfirmPageModel,
  LogoutPageModel,
  ProviderButton,
  TestResultPageModel,
} from './page-models.js';
import {
  backdoorVariables,
  errorVariables,
  forbiddenVariables,
  homeVariables,
  loginVariables,
  logoutConfirmVariables,
  logoutVariables,
  testResultVariables,
} from './page-views.js';
import { TemplateEngine, describeTemplateError, type TemplateKind } from './template-engine.js';
import { BACKDOOR_TEMPLATE } from './templates/backdoor.template.js';
import { ERROR_TEMPLATE } from './templates/error.template.js';
import { FORBIDDEN_TEMPLATE } from './templates/forbidden.template.js';
import { HOME_TEMPLATE } from './templates/home.template.js';
import { LOGIN_TEMPLATE } from './templates/login.template.js';
import { LOGOUT_TEMPLATE } from './templates/logout.template.js';
import { LOGOUT_CONFIRM_TEMPLATE } from './templates/logout-confirm.template.js';
import { TEST_RESULT_TEMPLATE } from './templates/test-result.template.js';

/** Why an administrator's template was not used: logged by the caller, with where it broke. */
export interface TemplateFailure {
  readonly page: CustomisablePage | 'loginButtonText';
  readonly message: string;
  readonly line: number;
  readonly column: number;
}

export interface RenderContext {
  readonly nonce: string;
  readonly settings: LookAndFeelSettings;
  /** Called when a custom template fails and the built-in page is served instead. */
  readonly onTemplateError?: (failure: TemplateFailure) => void;
}

export interface CustomisablePageModels {
  login: LoginPageModel;
  error: ErrorPageModel;
  logout: LogoutPageModel;
  home: HomePageModel;
}

export type RenderOutcome = { readonly ok: true; readonly html: string } | ({ readonly ok: false } & Omit<TemplateFailure, 'page'>);

const BUILT_IN: Record<CustomisablePage, string> = {
  login: LOGIN_TEMPLATE,
  error: ERROR_TEMPLATE,
  logout: LOGOUT_TEMPLATE,
  home: HOME_TEMPLATE,
};
const TEMPLATE_SETTING = { login: 'loginTemplate', error: 'errorTemplate', logout: 'logoutTemplate', home: 'homeTemplate' } as const;
const MAX_BUTTON_TEXT = 200;

export class PageRenderer {
  constructor(
    private readonly onTemplateError?: (failure: TemplateFailure) => void,
    private readonly engine = new TemplateEngine(),
  ) {}

  renderLogin(model: LoginPageModel, ctx: RenderContext): Promise<string> {
    return this.renderCustomisable('login', model, ctx);
  }

  renderError(model: ErrorPageModel, ctx: RenderContext): Promise<string> {
    return this.renderCustomisable('error', model, ctx);
  }

  renderLogout(model: LogoutPageModel, ctx: RenderContext): Promise<string> {
    return this.renderCustomisable('logout', model, ctx);
  }

  renderHome(model: HomePageModel, ctx: RenderContext): Promise<string> {
    return this.renderCustomisable('home', model, ctx);
  }

  renderTestResult(model: TestResultPageModel, ctx: RenderContext): Promise<string> {
    return this.renderBuiltIn(TEST_RESULT_TEMPLATE, testResultVariables(model, ctx.nonce));
  }

  /** Built in, not customisable: the one page that protects users from a sign-out forced by another site. */
  renderLogoutConfirm(model: LogoutConfirmPageModel, ctx: RenderContext): Promise<string> {
    return this.renderBuiltIn(LOGOUT_CONFIRM_TEMPLATE, logoutConfirmVariables(model, ctx.nonce));
  }

  /** Built in: forward-auth's "no access" page for a person whom an application's rule keeps out. */
  renderForbidden(model: ForbiddenPageModel, ctx: RenderContext): Promise<string> {
    return this.renderBuiltIn(FORBIDDEN_TEMPLATE, forbiddenVariables(model, ctx.nonce));
  }

  renderBackdoor(model: BackdoorPageModel, ctx: RenderContext): Promise<string> {
    return this.renderBuiltIn(BACKDOOR_TEMPLATE, backdoorVariables(model, ctx.nonce));
  }

  /** Whether a template parses, and where it breaks when it does not (`text` for loginButtonText). */
  check(source: string, kind: TemplateKind = 'html'): { readonly ok: true } | Extract<RenderOutcome, { ok: false }> {
    const parsed = this.engine.parse(source, kind);
    return parsed.ok ? { ok: true } : parsed;
  }

  /** Renders `template` (null: the built-in page) without falling back, to show an administrator what breaks. */
  async preview<P extends CustomisablePage>(
    page: P,
    template: string | null,
    model: CustomisablePageModels[P],
    ctx: RenderContext,
  ): Promise<RenderOutcome> {
    // A model that does not fit the page throws here: that is the caller's sample, not the template.
    const variables = await this.variables(page, model, ctx);
    return this.tryRender(template ?? BUILT_IN[page], variables);
  }

  private async renderCustomisable<P extends CustomisablePage>(page: P, model: CustomisablePageModels[P], ctx: RenderContext) {
    const variables = await this.variables(page, model, ctx);
    const custom = ctx.settings[TEMPLATE_SETTING[page]];
    if (custom) {
      const outcome = await this.tryRender(custom, variables);
      if (outcome.ok) return outcome.html;
      this.report(ctx, { page, message: outcome.message, line: outcome.line, column: outcome.column });
    }
    return this.renderBuiltIn(BUILT_IN[page], variables);
  }

  private async variables<P extends CustomisablePage>(page: P, model: CustomisablePageModels[P], ctx: RenderContext): Promise<object> {
    switch (page) {
      case 'login':
        return loginVariables(model as LoginPageModel, ctx.nonce, (provider) => this.buttonText(provider, ctx));
      case 'error':
        return errorVariables(model as ErrorPageModel, ctx.settings, ctx.nonce);
      case 'home':
        return homeVariables(model as HomePageModel, ctx.nonce);
      default:
        return logoutVariables(model as LogoutPageModel, ctx.nonce);
    }
  }

  private async tryRender(source: string, variables: object, kind: TemplateKind = 'html'): Promise<RenderOutcome> {
    const parsed = this.engine.parse(source, kind);
    if (!parsed.ok) return parsed;
    try {
      return { ok: true, html: await this.engine.render(parsed.template, variables, kind) };
    } catch (error) {
      return { ok: false, ...describeTemplateError(error) };
    }
  }

  /** Built-in templates are part of Sesame: if one fails, that is a bug and it propagates. */
  private async renderBuiltIn(source: string, variables: object): Promise<string> {
    const parsed = this.engine.parse(source);
    if (!parsed.ok) throw new Error(`Built-in page template is broken: ${parsed.message} (line ${parsed.line})`);
    return this.engine.render(parsed.template, variables);
  }

  private async buttonText(provider: ProviderButton, ctx: RenderContext): Promise<string> {
    const fallback = `Log in with ${provider.displayName}`;
    const source = provider.buttonText?.trim() || ctx.settings.loginButtonText;
    const scope = { provider: { displayName: provider.displayName, slug: provider.slug } };
    const outcome = await this.tryRender(source, scope, 'text');
    if (outcome.ok) return outcome.html.replace(/\s+/g, ' ').trim().slice(0, MAX_BUTTON_TEXT) || fallback;
    this.report(ctx, { page: 'loginButtonText', message: outcome.message, line: outcome.line, column: outcome.column });
    return fallback;
  }

  private report(ctx: RenderContext, failure: TemplateFailure): void {
    (ctx.onTemplateError ?? this.onTemplateError)?.(failure);
  }
}
