import type { FieldError } from '../../../common/validation.js';

/** One home-page link as stored; see HomeLink in look-and-feel.settings.ts. */
export interface HomeLinkInput {
  readonly name: string;
  readonly url: string;
  readonly description?: string | null;
  readonly groups?: readonly string[];
}

export const HOME_LINK_LIMITS = { links: 100, name: 100, url: 2_000, description: 500, groups: 50, group: 200 } as const;

const CONTROL = /[\x00-\x1f\x7f]/;

/**
 * Why links cannot be listed, one entry per field (`homeLinks[2].url`). Only absolute http(s)
 * URLs: a link goes to another application, and `javascript:` or `data:` must never reach a page.
 */
export function homeLinkProblems(links: readonly HomeLinkInput[]): FieldError[] {
  const problems: FieldError[] = [];
  if (links.length > HOME_LINK_LIMITS.links) {
    problems.push({ field: 'homeLinks', reason: `at most ${HOME_LINK_LIMITS.links} links` });
  }
  links.forEach((link, i) => {
    const at = (field: string, reason: string) => problems.push({ field: `homeLinks[${i}].${field}`, reason });
    const name = link.name.trim();
    if (name === '') at('name', 'is required');
    else if (name.length > HOME_LINK_LIMITS.name) at('name', `at most ${HOME_LINK_LIMITS.name} characters`);
    else if (CONTROL.test(name)) at('name', 'must not contain control characters');
    if (link.url.length > HOME_LINK_LIMITS.url) at('url', `at most ${HOME_LINK_LIMITS.url} characters`);
    else if (!isHttpUrl(link.url)) at('url', 'must be an absolute http:// or https:// URL');
    const description = link.description ?? '';
    if (description.length > HOME_LINK_LIMITS.description) {
      at('description', `at most ${HOME_LINK_LIMITS.description} characters`);
    } else if (CONTROL.test(description.replace(/[\n\t]/g, ''))) at('description', 'must not contain control characters');
    const groups = link.groups ?? [];
    if (groups.length > HOME_LINK_LIMITS.groups) at('groups', `at most ${HOME_LINK_LIMITS.groups} groups`);
    else if (groups.some((g) => g.trim() === '' || g.length > HOME_LINK_LIMITS.group || CONTROL.test(g))) {
      at('groups', `each group is a name of 1 to ${HOME_LINK_LIMITS.group} characters`);
    }
  });
  return problems;
}

function isHttpUrl(value: string): boolean {
  if (/[\x00-\x20\x7f\\]/.test(value)) return false;
  try {
    const url = new URL(value);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.hostname !== '';
  } catch {
    return false;
  }
}

/** The links one person sees: those without groups, and those naming a group of theirs (any case). */
export function linksFor<L extends { readonly groups: readonly string[] }>(
  links: readonly L[],
  memberOf: Pick<ReadonlySet<string>, 'has'>,
): L[] {
  return links.filter((link) => link.groups.length === 0 || link.groups.some((g) => memberOf.has(g.toLowerCase())));
}
