// Rewrites the README's list of API operations from the OpenAPI document: the one `npm run openapi`
// wrote to clients/typescript/openapi.json, or a running Sesame's when SESAME_URL is set.
import { readFile, writeFile } from 'node:fs/promises';
import { renderApiSection, withApiSection } from '../dist/common/api-section.js';

async function openApiDocument() {
  const base = process.env.SESAME_URL;
  if (!base) return JSON.parse(await readFile('clients/typescript/openapi.json', 'utf8'));
  const response = await fetch(`${base}/api/openapi.json`);
  if (!response.ok) throw new Error(`${base}/api/openapi.json answered ${response.status}`);
  return response.json();
}

const readme = await readFile('README.md', 'utf8');
const updated = withApiSection(readme, renderApiSection(await openApiDocument()));
if (updated === null) throw new Error('README.md has no api-operations markers');
await writeFile('README.md', updated);
console.log(updated === readme ? 'README.md is current' : 'README.md updated');
