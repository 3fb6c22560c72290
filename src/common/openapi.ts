import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';

/** Where the OpenAPI document is published for good (Swagger UI's own paths stay too). */
export const OPENAPI_PATH = '/api/openapi.json';

/** The API's version: `/api/admin/...` is v1 until a breaking change (see API_DESCRIPTION). */
export const API_VERSION = '1';

/** The tags in the order an administrator sets Sesame up; the console and Swagger UI show them so. */
export const API_TAGS = [
  ['providers', 'Identity provider registrations: presets, endpoints, client credentials, Test Configuration'],
  ['user profile', 'Per provider: which claims make the username, email and names; how a first login finds an account'],
  ['user groups', 'Per provider: default groups, group claim, manual and on-the-fly group mapping'],
  ['sign-in', 'Global sign-in settings: SSO switch, auto-redirect, backdoor login, email domains, API networks, session limits'],
  ['redirection rules', 'Email-first login: ordered email-domain rules that choose the provider, and the default provider'],
  ['sessions', 'Signed-in sessions: list and end them'],
  ['look and feel', 'Login button text, login, logout, error and home page templates, post-logout URL, preview'],
  ['directory', 'Users, groups, memberships and identity links'],
  ['tokens', 'Admin API tokens'],
  ['audit', 'The audit log of every sign-in decision and admin change, and its retention'],
  ['configuration', 'Export and import the whole configuration'],
  ['access rules', 'Per-application rules that forward-auth applies: who may reach which host and path'],
  ['me', 'The signed-in user (session cookie, not an API token)'],
  ['operations', 'Health checks and metrics for orchestrators and monitoring'],
] as const;

export type ApiTag = (typeof API_TAGS)[number][0];

const API_DESCRIPTION = `Single sign-on through any OAuth 2.0 / OpenID Connect provider.

**Authentication.** Every \`/api/admin/...\` operation takes \`Authorization: Bearer <api token>\`: an opaque token
(\`SESAME_ADMIN_TOKEN\`, or one made with \`POST /api/admin/api-tokens\`). Scope \`admin\` may do everything, scope
\`read\` only GET.

**Identifiers.** Wherever a provider is named — in a path (\`/api/admin/providers/{idOrSlug}\`), in redirection
rules, in \`autoRedirect.providerId\`, in a mapping preview — its id or its slug is accepted; a name that matches no
provider is refused (422) when the document is saved.

**Documents.** Each settings document is read with GET, replaced whole with PUT and changed in part with PATCH, a
JSON Merge Patch (RFC 7396, \`application/merge-patch+json\`) whose result is validated whole. What GET returns can be
sent back as it is: read-only members (\`staleRules\`, \`danglingRules\`, \`backdoor.hasKey\`, a provider's \`id\`,
\`hasClientSecret\`, \`callbackUrl\`, \`createdAt\`, \`updatedAt\`) are accepted and ignored.

**Errors.** \`{ statusCode, code, message, requestId }\`; a 400 adds \`errors\`: \`{ field, reason }\` pairs, each field
once with the first reason that applies ("is required" for a field left out).

**Version and stability.** This is version ${API_VERSION} of the admin API, published at \`${OPENAPI_PATH}\`. Within
version ${API_VERSION}, changes only add: new operations, new optional request members, new response members, new
error codes within a documented status. A breaking change — removing or renaming an operation, a member or an enum
value, making an optional member required, changing a member's type or meaning, or answering a documented request
with another status — would come only as a version 2 under a new path prefix, with version 1 kept alongside it for
at least one release.`;

/** The OpenAPI document of everything Sesame serves over HTTP except its browser pages. */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const builder = new DocumentBuilder()
    .setTitle('Sesame')
    .setDescription(API_DESCRIPTION)
    .setVersion(API_VERSION)
    // Opaque tokens (no JWT): bearerFormat is only a hint, so it says what they are.
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'opaque', description: 'An admin API token (ses_…)' });
  for (const [name, description] of API_TAGS) builder.addTag(name, description);
  const document = SwaggerModule.createDocument(app, builder.build());
  return document;
}
