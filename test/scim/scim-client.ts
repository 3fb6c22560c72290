import type { TestSesame } from '../support/test-sesame.js';

export const SCIM_TYPE = 'application/scim+json';

export interface ScimAnswer {
  readonly status: number;
  readonly headers: Headers;
  readonly body: Record<string, any>;
}

/** A SCIM client as a provisioning service is one: bearer token, application/scim+json. */
export function scimClient(sesame: TestSesame, slug: string, token: string) {
  const base = `${sesame.url}/scim/v2/${slug}`;
  async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<ScimAnswer> {
    const response = await fetch(base + path, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body !== undefined ? { 'content-type': SCIM_TYPE } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, headers: response.headers, body: text ? (JSON.parse(text) as Record<string, any>) : {} };
  }
  return {
    base,
    call,
    get: (path: string, headers?: Record<string, string>) => call('GET', path, undefined, headers),
    post: (path: string, body: unknown) => call('POST', path, body),
    put: (path: string, body: unknown, headers?: Record<string, string>) => call('PUT', path, body, headers),
    patch: (path: string, body: unknown, headers?: Record<string, string>) => call('PATCH', path, body, headers),
    delete: (path: string) => call('DELETE', path),
  };
}

export type ScimClient = ReturnType<typeof scimClient>;

export async function scimToken(sesame: TestSesame, providerId: string): Promise<string> {
  const response = await sesame.admin(`/api/admin/providers/${providerId}/scim-token`, { method: 'POST' });
  if (response.status !== 200) throw new Error(`no SCIM token: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { token: string }).token;
}

export const patchOp = (...operations: unknown[]) => ({
  schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
  Operations: operations,
});

export const filter = (expression: string) => `?filter=${encodeURIComponent(expression)}`;

/** A User as Entra ID's provisioning service creates it (its documented request). */
export function entraUser(userName: string, externalId: string, extra: Record<string, unknown> = {}) {
  return {
    schemas: ['urn:ietf:params:scim:schemas:core:2.0:User', 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User'],
    externalId,
    userName,
    active: true,
    emails: [{ primary: true, type: 'work', value: userName }],
    meta: { resourceType: 'User' },
    name: { formatted: 'givenName familyName', familyName: 'familyName', givenName: 'givenName' },
    roles: [],
    ...extra,
  };
}
