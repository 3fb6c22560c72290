/**
 * The README's list of API operations, made from the OpenAPI document so that the two cannot
 * disagree: one line per tag, in the document's tag order, each path with its methods.
 */
export const API_SECTION_START = '<!-- api-operations: generated from /api/openapi.json by `npm run docs:api`; do not edit -->';
export const API_SECTION_END = '<!-- /api-operations -->';

interface OpenApiLike {
  readonly tags?: readonly { readonly name: string }[];
  readonly paths: Readonly<Record<string, Readonly<Record<string, { readonly tags?: readonly string[] } | unknown>>>>;
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

export function renderApiSection(document: OpenApiLike): string {
  const byTag = new Map<string, Map<string, string[]>>();
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of METHODS.filter((m) => m in item)) {
      const tag = (item[method] as { tags?: readonly string[] }).tags?.[0] ?? 'other';
      const paths = byTag.get(tag) ?? new Map<string, string[]>();
      paths.set(path, [...(paths.get(path) ?? []), method.toUpperCase()]);
      byTag.set(tag, paths);
    }
  }
  const order = (document.tags ?? []).map((t) => t.name);
  const tags = [...byTag.keys()].sort((a, b) => rank(order, a) - rank(order, b));
  const lines = tags.map((tag) => {
    const operations = [...byTag.get(tag)!].map(([path, methods]) => `\`${methods.join('|')} ${path}\``);
    return `- **${tag}**: ${operations.join(', ')}`;
  });
  return [API_SECTION_START, ...lines, API_SECTION_END].join('\n');
}

/** The README with its generated section replaced; null when the markers are missing. */
export function withApiSection(readme: string, section: string): string | null {
  const start = readme.indexOf(API_SECTION_START);
  const end = readme.indexOf(API_SECTION_END);
  if (start < 0 || end < start) return null;
  return readme.slice(0, start) + section + readme.slice(end + API_SECTION_END.length);
}

function rank(order: readonly string[], tag: string): number {
  const at = order.indexOf(tag);
  return at < 0 ? order.length : at;
}
