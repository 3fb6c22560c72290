import type { FastifyInstance, RawServerDefault } from 'fastify';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { MERGE_PATCH_TYPE } from './merge-patch.js';
import { UnreadableBody } from './validation.js';

/**
 * Body parsers that never fail the request themselves: Fastify parses a body before any Nest
 * guard runs, so a parser's 400 would answer an anonymous caller before the 401 it is owed.
 * An empty JSON body (a DELETE sent with `Content-Type: application/json`) is no body at all;
 * an unreadable one reaches the route as an UnreadableBody, which the validation pipe refuses.
 * None of this runs for /auth/check, which has no body.
 */
export function registerBodyParsers(app: NestFastifyApplication, bodyLimit: number): void {
  const fastify: FastifyInstance = app.getHttpAdapter().getInstance();
  const json = fastify.getDefaultJsonParser('error', 'error');
  // A JSON Merge Patch (RFC 7396) is JSON too: PATCH routes take either type. SCIM clients
  // (Entra ID, Okta) send application/scim+json: JSON under another name.
  for (const type of ['application/json', MERGE_PATCH_TYPE, 'application/scim+json']) {
    app.useBodyParser<RawServerDefault>(type, { bodyLimit }, (request, body, done) => {
      if (body.length === 0) return done(null, undefined);
      // Fastify's default JSON parser is the callback form and returns nothing; its type is the
      // union of the callback and promise forms, hence the void.
      void json(request, body.toString('utf8'), (error, parsed) =>
        done(null, error ? new UnreadableBody(400, 'is not valid JSON') : parsed),
      );
    });
  }
  // Any content type without a parser of its own (Fastify keeps text/plain; Nest adds forms).
  fastify.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit }, (request, _body, done) => {
    const type = String(request.headers['content-type'] ?? '').slice(0, 100);
    done(
      null,
      new UnreadableBody(
        415,
        `Content-Type ${JSON.stringify(type)} is not accepted; send application/json (or application/merge-patch+json to a PATCH)`,
      ),
    );
  });
}
