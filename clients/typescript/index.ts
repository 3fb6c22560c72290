import createClient, { type ClientOptions } from 'openapi-fetch';
import type { components, paths } from './schema.js';

/**
 * Sesame's admin and public API, typed from its own OpenAPI document (openapi.json beside this
 * file, made by `npm run openapi`). A DTO that changes changes these types, so a caller that no
 * longer fits fails to compile.
 */
export function createSesameClient(options: ClientOptions = {}) {
  return createClient<paths>(options);
}

export type SesameClient = ReturnType<typeof createSesameClient>;
export type Schemas = components['schemas'];
export type { paths, components };
