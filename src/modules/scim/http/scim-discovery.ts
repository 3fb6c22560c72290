import { listOf, resourceTypes, schemas, serviceProviderConfig } from '../domain/discovery.js';
import { scimFailure } from '../application/scim-failure.js';
import type { ScimOutcome } from '../application/scim-users.service.js';

/** ServiceProviderConfig, ResourceTypes and Schemas (RFC 7644 §4), by the path asked for. */
export function discoveryDocument(url: string, base: string): ScimOutcome {
  const path = decodeURIComponent(url.split('?')[0]!.replace(/^\/scim\/v2\/[^/]+\//, ''));
  const [kind, id] = path.split('/', 2) as [string, string | undefined];
  if (kind === 'ServiceProviderConfig') return { status: 200, body: serviceProviderConfig(base) };
  const documents = kind === 'ResourceTypes' ? resourceTypes(base) : schemas(base);
  if (id === undefined) return { status: 200, body: listOf(documents) };
  const found = documents.find((document) => document.id === id);
  if (!found) throw scimFailure({ status: 404, detail: `${kind} ${id.slice(0, 120)} not found` });
  return { status: 200, body: found };
}
