import { Liquid, LiquidError, type Context, type Emitter, type Template } from 'liquidjs';
import { escapeHtml } from '../../common/error-page.js';
import { safeImageUrl, safeUrl } from './safe-url.js';
import { PAGE_STYLES } from './templates/styles.js';

export type ParseOutcome =
  | { readonly ok: true; readonly template: Template[] }
  | { readonly ok: false; readonly message: string; readonly line: number; readonly column: number };

export type TemplateKind = 'html' | 'text';

const SANDBOX = {
  // No file system at all: lookups go to an empty in-memory map (the tags are removed as well).
  templates: {},
  relativeReference: false,
  dynamicPartials: false,
  // Templates see only the data they are given, never prototypes (`constructor`, `__proto__`).
  ownPropertyOnly: true,
  strictFilters: true,
  strictVariables: false,
  // Bounds so a template cannot exhaust the process: source size, render time (ms), allocations.
  parseLimit: 200_000,
  renderLimit: 1_000,
  memoryLimit: 20_000_000,
} as const;

/** Tags that read other templates; with no file system they could only fail or confuse. */
const FILE_TAGS = ['include', 'render', 'layout', 'block'];

const MAX_CACHED_TEMPLATES = 64;

/**
 * LiquidJS set up so that an administrator's template can shape the page but not the security
 * of it: every `{{ }}` is HTML-escaped (there is no `raw` filter to opt out), no includes, no
 * prototype walking, bounded work. `text` templates (button labels) are not escaped because
 * their result is text that the page escapes once when it prints it.
 */
export class TemplateEngine {
  private readonly engines: Record<TemplateKind, Liquid> = {
    html: createEngine('html'),
    text: createEngine('text'),
  };
  private readonly cache = new Map<string, Template[]>();

  parse(source: string, kind: TemplateKind = 'html'): ParseOutcome {
    const key = `${kind}\u0000${source}`;
    const cached = this.cache.get(key);
    if (cached) return { ok: true, template: cached };
    try {
      const template = this.engines[kind].parse(source);
      if (this.cache.size >= MAX_CACHED_TEMPLATES) this.cache.delete(this.cache.keys().next().value as string);
      this.cache.set(key, template);
      return { ok: true, template };
    } catch (error) {
      return { ok: false, ...describeTemplateError(error) };
    }
  }

  /** Throws when rendering fails (limits, bad data); callers decide what the user sees instead. */
  async render(template: Template[], scope: object, kind: TemplateKind = 'html'): Promise<string> {
    return (await this.engines[kind].render(template, scope)) as string;
  }
}

export function describeTemplateError(error: unknown): { message: string; line: number; column: number } {
  if (error instanceof LiquidError) {
    const [line = 1, column = 1] = error.token?.getPosition() ?? [];
    const message = (error.originalError?.message ?? error.message).replace(/, line:\d+, col:\d+$/, '');
    return { message, line, column };
  }
  return { message: error instanceof Error ? error.message : String(error), line: 1, column: 1 };
}

function createEngine(kind: TemplateKind): Liquid {
  const engine = new Liquid({ ...SANDBOX, outputEscape: kind === 'html' ? 'escape' : undefined });
  for (const tag of FILE_TAGS) delete engine.tags[tag];
  delete engine.filters.raw;
  engine.registerFilter('safe_url', safeUrl);
  engine.registerFilter('safe_image_url', safeImageUrl);
  if (kind === 'text') return engine;
  engine.registerTag('default_styles', {
    // Sesame's own stylesheet, a constant, so templates can reuse the built-in look.
    render(context: Context, emitter: Emitter) {
      const nonce = context.getSync(['nonce']);
      emitter.write(`<style nonce="${escapeHtml(typeof nonce === 'string' ? nonce : '')}">${PAGE_STYLES}</style>`);
    },
  });
  return engine;
}
