// Rewrites the README's list of API operations from a running Sesame's OpenAPI document:
// `npm start` in one terminal, `npm run docs:api` in another (SESAME_URL for another address).
import { readFile, writeFile } from 'node:fs/promises';
import { renderApiSection, withApiSection } from '../dist/common/api-section.js';

const base = process.env.SESAME_URL ?? 'http://localhost:3000';
const response = await fetch(`${base}/api/openapi.json`);
if (!response.ok) throw new Error(`${base}/api/openapi.json answered ${response.status}`);
const readme = await readFile('README.md', 'utf8');
const updated = withApiSection(readme, renderApiSection(await response.json()));
if (updated === null) throw new Error('README.md has no api-operations markers');
await writeFile('README.md', updated);
console.log(updated === readme ? 'README.md is current' : 'README.md updated');
