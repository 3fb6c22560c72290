import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { LOGGER } from '../../common/logger.js';
import { isDatabaseUnavailable, withDeadline } from '../../common/database-errors.js';
import {
  ErrorPageRenderer,
  PlainErrorPageRenderer,
  type ErrorPageModel as FilterErrorPageModel,
  type RenderedErrorPage,
} from '../../common/error-page.js';
import { defaultErrorMessage, isKnownErrorCode } from './error-messages.js';
import { DEFAULT_LOOK_AND_FEEL, type LookAndFeelSettings } from './look-and-feel.settings.js';
import { LookAndFeelService } from './look-and-feel.service.js';
import type { ErrorPageModel } from './page-models.js';
import { PageRenderer } from './page-renderer.js';
import { createNonce, pageSecurityHeaders } from './security-headers.js';

const SETTINGS_DEADLINE_MS = 500;

/**
 * The error page of the global error filter, through the administrator's error template. An
 * error page must always come out: without settings (database down) it uses the defaults, and
 * if rendering itself fails, Sesame's plain page.
 */
@Injectable()
export class LookAndFeelErrorPageRenderer extends ErrorPageRenderer {
  private readonly plain = new PlainErrorPageRenderer();

  constructor(
    private readonly pages: PageRenderer,
    private readonly lookAndFeel: LookAndFeelService,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    super();
  }

  /** The page and the headers that must go with it (its CSP names this page's nonce). */
  async render(error: FilterErrorPageModel): Promise<RenderedErrorPage> {
    const nonce = createNonce();
    try {
      const settings = await this.settings();
      return { html: await this.pages.renderError(errorPageModelFor(error), { nonce, settings }), headers: pageSecurityHeaders(nonce) };
    } catch (failure) {
      this.logger.error({ err: failure, reqId: error.requestId }, 'error page failed to render; served the plain page');
      return { html: this.plain.html(error), headers: pageSecurityHeaders(nonce) };
    }
  }

  private async settings(): Promise<LookAndFeelSettings> {
    try {
      // Often the page reports that very database not answering: do not wait for it long.
      return await withDeadline(this.lookAndFeel.get(), SETTINGS_DEADLINE_MS, 'look-and-feel settings');
    } catch (failure) {
      if (!isDatabaseUnavailable(failure))
        this.logger.warn({ err: failure }, 'look-and-feel settings unavailable; error page uses the defaults');
      return { ...DEFAULT_LOOK_AND_FEEL };
    }
  }
}

/**
 * Known codes get their human message (a service's message may be technical); other errors keep
 * their own message, which DomainError promises is safe to show.
 */
export function errorPageModelFor(error: FilterErrorPageModel): ErrorPageModel {
  const text = defaultErrorMessage(error.code);
  return {
    status: error.status,
    code: error.code,
    message: isKnownErrorCode(error.code) ? text.message : error.message,
    hint: text.hint,
    // What exactly happened (the provider's error_description, the missing attribute…): escaped like everything.
    detail: isKnownErrorCode(error.code) && error.message !== text.message ? error.message : null,
    requestId: error.requestId,
    tryAgainUrl: '/login',
  };
}
