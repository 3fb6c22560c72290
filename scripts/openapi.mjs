// Writes Sesame's OpenAPI document to clients/typescript/openapi.json and the client's types to
// clients/typescript/schema.d.ts. It starts the built Sesame (dist/, so `npm run build` first)
// on a throwaway embedded database and asks it for /api/docs-json, so the document is exactly
// what Sesame serves. `npm run openapi` runs it; test/console/openapi-current.e2e.ts fails when
// the committed files are not what it would write.
import 'reflect-metadata';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { parseConfig } from '../dist/config/index.js';
import { createLogger } from '../dist/common/logger.js';
import { startSesame } from '../dist/sesame.js';
import { documentText, schemaText } from '../clients/typescript/generate.mjs';

const root = new URL('..', import.meta.url).pathname;
const dataDir = await mkdtemp(join(tmpdir(), 'sesame-openapi-'));
const parsed = parseConfig({
  SESAME_DATA_DIR: dataDir,
  SESAME_SECRET_KEY: 'openapi-document-key-0123456789abcdef0123',
  SESAME_ADMIN_TOKEN: 'ses_openapi-document-token-0123456789',
  SESAME_DEMO: 'false',
  HOST: '127.0.0.1',
  PORT: '3999',
  LOG_LEVEL: 'warn',
});
if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
const quiet = new Writable({ write: (_chunk, _encoding, done) => done() });
const sesame = await startSesame({ ...parsed.config, port: 0 }, { logger: createLogger('warn', quiet) });
try {
  const document = await (await fetch(`${sesame.url}/api/docs-json`)).json();
  await writeFile(join(root, 'clients/typescript/openapi.json'), documentText(document));
  await writeFile(join(root, 'clients/typescript/schema.d.ts'), await schemaText(document));
  console.log('wrote clients/typescript/openapi.json and clients/typescript/schema.d.ts');
} finally {
  await sesame.close();
  await rm(dataDir, { recursive: true, force: true });
}
