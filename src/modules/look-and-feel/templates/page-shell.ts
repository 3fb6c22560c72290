/** Inline SVG (no external assets). Decorative: the text next to them says the same. */
export const ICONS = {
  brand:
    '<svg width="32" height="32" viewBox="0 0 32 32" aria-hidden="true" focusable="false"><rect width="32" height="32" rx="8" fill="#1d4ed8"/><circle cx="16" cy="13" r="5" fill="#fff"/><path d="M14 16h4l1.6 9h-7.2z" fill="#fff"/></svg>',
  error:
    '<svg width="24" height="24" viewBox="0 0 24 24" aria-hidden="true" focusable="false" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round"><circle cx="12" cy="12" r="9"/><path d="M12 7.5v5.5M12 16.5v.01"/></svg>',
  success:
    '<svg width="24" height="24" viewBox="0 0 24 24" aria-hidden="true" focusable="false" fill="none" stroke="currentColor" stroke-width="2.2" stroke-linecap="round" stroke-linejoin="round"><path d="M5 12.5l4.5 4.5L19 7.5"/></svg>',
  lock: '<svg width="24" height="24" viewBox="0 0 24 24" aria-hidden="true" focusable="false" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round"><rect x="5" y="11" width="14" height="10" rx="2"/><path d="M8 11V8a4 4 0 0 1 8 0v3"/></svg>',
} as const;

export interface ShellOptions {
  /** Liquid for the <title>. */
  readonly title: string;
  readonly body: string;
  readonly footer?: string;
  readonly wide?: boolean;
  /** Liquid for the end of <body>, e.g. a `<script nonce="{{ nonce }}">`. */
  readonly scripts?: string;
}

/** The frame every built-in page shares: landmarks, viewport, no referrer, Sesame's stylesheet. */
export function pageShell(options: ShellOptions): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<meta name="referrer" content="no-referrer">
<title>${options.title}</title>
{% default_styles %}
</head>
<body>
<div class="page">
<header class="brand">${ICONS.brand}<span>Sesame</span></header>
<main class="card${options.wide ? ' card-wide' : ''}">
${options.body}
</main>
<footer class="footer">${options.footer ?? '<span>Secured by Sesame single sign-on</span>'}</footer>
</div>
${options.scripts ?? ''}
</body>
</html>
`;
}
