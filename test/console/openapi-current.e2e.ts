import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestSesame, type TestSesame } from '../support/test-sesame.js';
// @ts-expect-error -- a plain ES module shared with scripts/openapi.mjs, without type declarations
import { documentText, schemaText } from '../../clients/typescript/generate.mjs';

const committed = (name: string) => readFile(new URL(`../../clients/typescript/${name}`, import.meta.url), 'utf8');

describe('the committed TypeScript client is current', () => {
  let sesame: TestSesame;
  beforeAll(async () => {
    sesame = await startTestSesame();
  });
  afterAll(() => sesame?.close());

  it('openapi.json is the document Sesame serves (run "npm run build && npm run openapi" after changing the API)', async () => {
    const served = (await (await fetch(`${sesame.url}/api/docs-json`)).json()) as unknown;
    expect(await committed('openapi.json')).toBe((documentText as (d: unknown) => string)(served));
  });

  it('schema.d.ts is what openapi-typescript makes of openapi.json', async () => {
    const document = JSON.parse(await committed('openapi.json')) as unknown;
    expect(await committed('schema.d.ts')).toBe(await (schemaText as (d: unknown) => Promise<string>)(document));
  });
});
