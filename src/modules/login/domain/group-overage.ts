/**
 * Entra ID leaves the groups out of a token when a person is in too many (over 200 in a JWT) and
 * says so: `_claim_names: { groups: "src1" }` (distributed claims, OpenID Connect Core §5.6.2)
 * or, in implicit-flow tokens, `hasgroups: true`. Then the groups are read from Microsoft Graph.
 */
export function hasGroupOverage(claims: Readonly<Record<string, unknown>>): boolean {
  const names = claims._claim_names;
  const distributed = typeof names === 'object' && names !== null && !Array.isArray(names) && 'groups' in names;
  return distributed || claims.hasgroups === true || claims.hasgroups === 'true';
}

export interface GraphGroup {
  readonly id: string;
  readonly displayName: string | null;
}

export type GraphPage =
  | { readonly ok: true; readonly groups: readonly GraphGroup[]; readonly next: string | null }
  | { readonly ok: false; readonly reason: string };

const GRAPH_GROUP = '#microsoft.graph.group';
const MAX_TEXT = 1000;

/**
 * One page of `GET /me/transitiveMemberOf` (Microsoft Graph v1.0, an OData collection): `value`
 * an array of directory objects, `@odata.nextLink` the next page. Only groups count (directory
 * roles and administrative units are members too); the next link must stay on the Graph origin,
 * since Sesame sends the person's access token there.
 */
export function readGraphPage(body: unknown, graphOrigin: string): GraphPage {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return { ok: false, reason: 'the answer is not a JSON object' };
  const record = body as Record<string, unknown>;
  if (!Array.isArray(record.value)) return { ok: false, reason: '"value" is not an array' };
  const groups: GraphGroup[] = [];
  for (const [index, item] of record.value.entries()) {
    if (typeof item !== 'object' || item === null || Array.isArray(item)) return { ok: false, reason: `value[${index}] is not an object` };
    const entry = item as Record<string, unknown>;
    const type = entry['@odata.type'];
    if (type !== undefined && typeof type !== 'string') return { ok: false, reason: `value[${index}]["@odata.type"] is not a string` };
    if (type !== undefined && type !== GRAPH_GROUP) continue;
    if (typeof entry.id !== 'string' || entry.id === '' || entry.id.length > MAX_TEXT)
      return { ok: false, reason: `value[${index}].id is not a usable string` };
    const name = entry.displayName;
    if (name !== undefined && name !== null && (typeof name !== 'string' || name.length > MAX_TEXT))
      return { ok: false, reason: `value[${index}].displayName is not a usable string` };
    groups.push({ id: entry.id, displayName: typeof name === 'string' && name.trim() !== '' ? name : null });
  }
  const next = record['@odata.nextLink'];
  if (next === undefined || next === null) return { ok: true, groups, next: null };
  if (typeof next !== 'string') return { ok: false, reason: '"@odata.nextLink" is not a string' };
  let url: URL;
  try {
    url = new URL(next);
  } catch {
    return { ok: false, reason: '"@odata.nextLink" is not an absolute URL' };
  }
  if (url.origin !== graphOrigin) return { ok: false, reason: '"@odata.nextLink" leaves the Microsoft Graph origin' };
  return { ok: true, groups, next: url.href };
}

/**
 * The claims with the Graph groups in them: `groups` the object ids (what Entra's own groups
 * claim holds), `groupNames` their display names (for on-the-fly mapping by name). The overage
 * markers go, so the claims read as if the token had carried the groups.
 */
export function withGraphGroups(claims: Readonly<Record<string, unknown>>, groups: readonly GraphGroup[]): Record<string, unknown> {
  const { _claim_names: _names, _claim_sources: _sources, hasgroups: _has, ...rest } = claims;
  return {
    ...rest,
    groups: groups.map((g) => g.id),
    groupNames: groups.map((g) => g.displayName).filter((name): name is string => name !== null),
  };
}
