// Records how long each test file took, for the longest-first test order (test/support/test-sequencer.mjs).
// Usage: node --experimental-vm-modules node_modules/jest/bin/jest.js --json --outputFile=/tmp/run.json
//        node scripts/test-durations.mjs /tmp/run.json
import { readFileSync, writeFileSync } from 'node:fs';
import { relative } from 'node:path';

const [resultsPath] = process.argv.slice(2);
if (!resultsPath) {
  console.error('usage: node scripts/test-durations.mjs <jest --json output>');
  process.exit(2);
}
const run = JSON.parse(readFileSync(resultsPath, 'utf8'));
const durations = run.testResults
  .map((file) => [relative(process.cwd(), file.name), Math.round((file.endTime - file.startTime) / 100) / 10])
  .sort(([a, da], [b, db]) => db - da || a.localeCompare(b));
writeFileSync('test/support/test-durations.json', `${JSON.stringify(Object.fromEntries(durations), null, 2)}\n`);
console.log(`recorded ${durations.length} test files`);
