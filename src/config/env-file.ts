import { statSync } from 'node:fs';
import { resolve } from 'node:path';

export type EnvFileResult = { readonly ok: true; readonly path: string | undefined } | { readonly ok: false; readonly error: string };

/**
 * Reads `SESAME_ENV_FILE`, or `.env` in the working directory when there is one, into
 * `process.env`. A variable already in the environment keeps its value (even an empty one): what
 * the operator or the container runtime sets wins over the file. A `.env` that is absent is not an
 * error; a `SESAME_ENV_FILE` that cannot be read is, since the operator asked for that file.
 */
export function loadEnvFile(cwd: string): EnvFileResult {
  const named = process.env.SESAME_ENV_FILE?.trim();
  const path = resolve(cwd, named || '.env');
  if (!named && !isFile(path)) return { ok: true, path: undefined };
  try {
    if (!isFile(path)) throw Object.assign(new Error('not a file'), { code: 'ENOENT' });
    // Node's own parser (20.12+); it leaves variables that are already set alone.
    process.loadEnvFile(path);
    return { ok: true, path };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : 'cannot be read';
    return { ok: false, error: `${named ? 'SESAME_ENV_FILE' : '.env'}: ${reason}: ${path}` };
  }
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
