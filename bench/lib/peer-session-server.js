// The peer: the same job as Sesame's check done the common way in the same stack, in its own
// process like Sesame. Fastify with @fastify/cookie and @fastify/session (its memory store, the
// cookie's HMAC signature checked on every request, no rolling cookie) answers GET /auth/check
// with the same ten identity headers for a session it holds, 401 otherwise. It knows no access
// rules, idle or absolute timeouts, database or revocation across instances: a floor to compare
// with, not a rival product.
import fastifyCookie from '@fastify/cookie';
import fastifySession from '@fastify/session';
import Fastify from 'fastify';
import { ready, serve } from './ipc.js';

const COOKIE = 'sesame_session';
const app = Fastify({ logger: false });
await app.register(fastifyCookie);
await app.register(fastifySession, {
  secret: 'bench-peer-session-secret-of-at-least-32-characters',
  cookieName: COOKIE,
  cookie: { secure: false },
  saveUninitialized: false,
  rolling: false,
  // Seeding names each session after the bench's own token, so the runs send the same cookie values' shape.
  idGenerator: (request) => request.query?.token ?? crypto.randomUUID(),
});

app.get('/auth/check', async (request, reply) => {
  const headers = request.session.get('headers');
  if (!headers) return reply.status(401).send();
  return reply.headers(headers).status(200).send();
});

/** Not measured: creates the session of `token` with the headers of `user`, and answers its signed cookie value. */
app.post('/seed', async (request) => {
  const { user, groups } = request.body;
  const list = groups.join(',');
  request.session.set('headers', {
    'x-auth-request-user': user,
    'x-auth-request-preferred-username': user,
    'x-auth-request-email': `${user}@bench.example`,
    'x-auth-request-name': user,
    'x-auth-request-groups': list,
    'remote-user': user,
    'remote-email': `${user}@bench.example`,
    'remote-name': user,
    'remote-groups': list,
    'cache-control': 'no-store',
  });
  await request.session.save();
  // As Set-Cookie would carry it (the signature is base64, so it is URL-encoded).
  return { cookie: encodeURIComponent(request.session.encryptedSessionId) };
});

await app.listen({ port: 0, host: '127.0.0.1' });
serve({
  mark: () => undefined,
  countQueries: () => undefined,
  queries: () => ({ total: 0, byStatement: {} }),
  stop: () => setImmediate(() => app.close().then(() => process.exit(0))),
});
ready({ url: `http://127.0.0.1:${app.server.address().port}` });
