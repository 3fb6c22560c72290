import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AppConfig } from '../../config/index.js';
import { DomainError } from '../../common/domain-error.js';
import { RETURN_TO_RULE, followedReturnTo } from '../../common/return-to.js';
import { validateAsList, type FieldError } from '../../common/validation.js';
import { SettingsStore } from '../settings/index.js';
import { LookAndFeelDto } from './look-and-feel.dto.js';
import { homeLinkProblems, type HomeLinkInput } from './domain/home-links.js';
import { DEFAULT_LOOK_AND_FEEL, LOOK_AND_FEEL_SETTINGS_KEY, type HomeLink, type LookAndFeelSettings } from './look-and-feel.settings.js';
import type { CustomisablePage } from './page-models.js';
import { PageRenderer } from './page-renderer.js';
import { mergeSample, SAMPLE_MODELS } from './sample-models.js';
import { createNonce } from './security-headers.js';

const TEMPLATE_FIELDS = ['loginTemplate', 'errorTemplate', 'logoutTemplate', 'homeTemplate'] as const;
const PAGE_TEMPLATE_FIELD = { login: 'loginTemplate', error: 'errorTemplate', logout: 'logoutTemplate', home: 'homeTemplate' } as const;

/** The document as an administrator sends it: the home page's fields came later, so they may be left out. */
export type LookAndFeelInput = Omit<LookAndFeelSettings, 'homeLinks' | 'homeTemplate'> & {
  homeLinks?: readonly HomeLinkInput[] | null;
  homeTemplate?: string | null;
};

export type LookAndFeelValidation = { ok: true; settings: LookAndFeelSettings } | { ok: false; problems: FieldError[] };

@Injectable()
export class LookAndFeelService {
  constructor(
    private readonly store: SettingsStore,
    private readonly pages: PageRenderer,
    private readonly config: AppConfig,
  ) {}

  async get(): Promise<LookAndFeelSettings> {
    const settings = await this.store.get<LookAndFeelSettings>(LOOK_AND_FEEL_SETTINGS_KEY, { ...DEFAULT_LOOK_AND_FEEL });
    return {
      ...settings,
      errorMessages: { ...settings.errorMessages },
      homeLinks: settings.homeLinks.map((link) => ({ ...link, groups: [...link.groups] })),
    };
  }

  /**
   * Replaces the whole document; a template that does not parse is refused with where it breaks.
   * With `manager`, written inside the caller's transaction.
   */
  async update(input: LookAndFeelInput, manager?: EntityManager): Promise<LookAndFeelSettings> {
    const settings = withHomeDefaults(input);
    const target = this.postLogoutUrlProblem(settings.postLogoutUrl);
    if (target) throw new DomainError('UNPROCESSABLE', `${target.field}: ${target.reason}`, { field: target.field, errors: [target] });
    this.assertParses('loginButtonText', settings.loginButtonText, 'text');
    for (const field of TEMPLATE_FIELDS) {
      const template = settings[field];
      if (template !== null) this.assertParses(field, template, 'html');
    }
    const [link] = homeLinkProblems(settings.homeLinks);
    if (link) throw new DomainError('UNPROCESSABLE', `${link.field}: ${link.reason}`, { field: link.field, errors: [link] });
    const document: LookAndFeelSettings = {
      loginButtonText: settings.loginButtonText,
      loginTemplate: settings.loginTemplate,
      errorTemplate: settings.errorTemplate,
      logoutTemplate: settings.logoutTemplate,
      errorMessages: { ...settings.errorMessages },
      postLogoutUrl: settings.postLogoutUrl,
      homeLinks: settings.homeLinks,
      homeTemplate: settings.homeTemplate,
    };
    await this.store.put(LOOK_AND_FEEL_SETTINGS_KEY, document, manager);
    return document;
  }

  /** The DTO rules and every template that does not parse, as a list (a configuration import reports them all). */
  async validate(value: unknown): Promise<LookAndFeelValidation> {
    const shape = await validateAsList(LookAndFeelDto, value);
    if (!shape.ok) return shape;
    const dto = shape.value;
    const problems: FieldError[] = [];
    const check = (field: string, source: string | null, kind: 'html' | 'text') => {
      const checked = source === null ? { ok: true as const } : this.pages.check(source, kind);
      if (!checked.ok) problems.push({ field, reason: `${checked.message} (line ${checked.line}, column ${checked.column})` });
    };
    const settings = withHomeDefaults(dto);
    check('loginButtonText', settings.loginButtonText, 'text');
    for (const field of TEMPLATE_FIELDS) check(field, settings[field], 'html');
    const target = this.postLogoutUrlProblem(settings.postLogoutUrl);
    if (target) problems.push(target);
    problems.push(...homeLinkProblems(settings.homeLinks));
    if (problems.length > 0) return { ok: false, problems };
    const { loginButtonText, loginTemplate, errorTemplate, logoutTemplate, errorMessages, postLogoutUrl, homeLinks, homeTemplate } =
      settings;
    const document = { loginButtonText, loginTemplate, errorTemplate, logoutTemplate, postLogoutUrl, homeLinks, homeTemplate };
    return { ok: true, settings: { ...document, errorMessages: { ...errorMessages } } };
  }

  /**
   * The page as users would see it, with sample data (`sample` merged over Sesame's). `template`
   * undefined means the saved one, null the built-in page. Failures are reported, not hidden.
   */
  async preview(page: CustomisablePage, template: string | null | undefined, sample: object | undefined): Promise<string> {
    const settings = await this.get();
    const source = template === undefined ? settings[PAGE_TEMPLATE_FIELD[page]] : template;
    if (source !== null) this.assertParses('template', source, 'html');
    const model = mergeSample(SAMPLE_MODELS[page], sample);
    // What broke is inside Sesame's page code (say, a list given as null): its error text
    // means nothing to the caller and must not reach it, so the answer names the sample only.
    const outcome = await this.pages.preview(page, source, model, { nonce: createNonce(), settings }).catch(() => {
      throw new DomainError(
        'UNPROCESSABLE',
        `sample: does not fit the ${page} page (a field has a type the page cannot use; compare it with the page's variables)`,
        { field: 'sample' },
      );
    });
    if (!outcome.ok) {
      const { message, line, column } = outcome;
      throw new DomainError('UNPROCESSABLE', `template: ${message} (line ${line}, column ${column})`, { field: 'template', line, column });
    }
    return outcome.html;
  }

  /**
   * The rule of return URLs, checked when saved rather than silently ignored at logout: a
   * post-logout URL elsewhere would make Sesame's own logout link an open redirect.
   */
  private postLogoutUrlProblem(url: string | null): FieldError | null {
    if (
      url === null ||
      followedReturnTo(url, this.config.publicOrigin, this.config.allowedReturnOrigins, this.config.cookieDomain) !== null
    )
      return null;
    return { field: 'postLogoutUrl', reason: `must be ${RETURN_TO_RULE}, as return URLs are` };
  }

  private assertParses(field: string, source: string, kind: 'html' | 'text'): void {
    const checked = this.pages.check(source, kind);
    if (checked.ok) return;
    const { message, line, column } = checked;
    throw new DomainError('UNPROCESSABLE', `${field}: ${message} (line ${line}, column ${column})`, { field, line, column });
  }
}

/** Omitted home fields mean none; names and descriptions are kept trimmed. */
function withHomeDefaults(input: LookAndFeelInput): LookAndFeelSettings {
  const homeLinks: HomeLink[] = (input.homeLinks ?? []).map((link) => ({
    name: link.name.trim(),
    url: link.url,
    description: link.description?.trim() || null,
    groups: [...(link.groups ?? [])].map((g) => g.trim()),
  }));
  return { ...input, homeLinks, homeTemplate: input.homeTemplate ?? null };
}
