/** What the error page shows: never a stack, never a secret. */
export interface ErrorPageModel {
  readonly status: number;
  readonly code: string;
  readonly message: string;
  readonly requestId: string;
  readonly details?: Readonly<Record<string, unknown>>;
}

/**
 * Renders sign-in errors for browsers. The look-and-feel module provides the real one
 * (administrator templates); this plain page is the fallback.
 */
export abstract class ErrorPageRenderer {
  abstract render(error: ErrorPageModel): Promise<RenderedErrorPage> | RenderedErrorPage;
}

/** The page and the headers that must go with it (a CSP naming the page's nonce). */
export interface RenderedErrorPage {
  readonly html: string;
  readonly headers: Readonly<Record<string, string>>;
}

export class PlainErrorPageRenderer extends ErrorPageRenderer {
  render(error: ErrorPageModel): RenderedErrorPage {
    return { headers: {}, html: this.html(error) };
  }

  html(error: ErrorPageModel): string {
    return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Sign-in error</title></head><body><h1>Sign-in error</h1><p>${escapeHtml(error.message)}</p><p>Code: ${escapeHtml(error.code)} · Request ${escapeHtml(error.requestId)}</p><p><a href="/login">Try again</a></p></body></html>`;
  }
}

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
