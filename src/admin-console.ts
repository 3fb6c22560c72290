import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';

/** Where `npm run build` puts the console (web/, built by Vite): dist/admin, from src/ and from dist/ alike. */
export const CONSOLE_DIR = fileURLToPath(new URL('../dist/admin/', import.meta.url));

/**
 * The admin console at /admin/: static files under the same helmet headers (strict CSP) as every
 * page. Its file names carry a content hash, so they are cached for good; index.html never is.
 */
export async function registerAdminConsole(app: NestFastifyApplication): Promise<void> {
  const fastify = app.getHttpAdapter().getInstance();
  fastify.get('/admin', (_request, reply) => reply.redirect('/admin/', 302));
  if (!existsSync(`${CONSOLE_DIR}index.html`)) {
    fastify.get('/admin/*', (_request, reply) =>
      reply.code(503).type('text/plain; charset=utf-8').send('The admin console is not built: run "npm run build".\n'),
    );
    return;
  }
  await app.register(fastifyStatic, {
    root: CONSOLE_DIR,
    prefix: '/admin/',
    decorateReply: false,
    index: ['index.html'],
    wildcard: true,
    setHeaders: (response, path) => {
      response.header('cache-control', path.endsWith('.html') ? 'no-cache' : 'public, max-age=31536000, immutable');
    },
  });
}
