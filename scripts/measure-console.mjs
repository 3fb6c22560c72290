// Measures the admin console's first load in Debian's Chromium: the built Sesame (dist/, so
// `npm run build` first) on a throwaway embedded database, a fresh browser context per run (no
// cache), time from navigation to the console's first rendered screen. Signed out, that screen
// is the console's own "Sign in" page, so it measures the bundle (HTML, JS, CSS, first render
// and the GET /api/admin/me answer), not a tab's data. `node scripts/measure-console.mjs`.
import 'reflect-metadata';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { chromium } from 'playwright-core';
import { parseConfig } from '../dist/config/index.js';
import { createLogger } from '../dist/common/logger.js';
import { startSesame } from '../dist/sesame.js';

const RUNS = 7;
const dataDir = await mkdtemp(join(tmpdir(), 'sesame-measure-'));
const parsed = parseConfig({
  SESAME_DATA_DIR: dataDir,
  SESAME_SECRET_KEY: 'console-measure-key-0123456789abcdef012345',
  SESAME_ADMIN_TOKEN: 'ses_console-measure-token-0123456789',
  SESAME_DEMO: 'false',
  HOST: '127.0.0.1',
  PORT: '3998',
  LOG_LEVEL: 'warn',
});
if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
const quiet = new Writable({ write: (_chunk, _encoding, done) => done() });
const sesame = await startSesame({ ...parsed.config, port: 0 }, { logger: createLogger('warn', quiet) });
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
});
try {
  const times = [];
  for (let run = 0; run < RUNS; run++) {
    const context = await browser.newContext();
    const page = await context.newPage();
    const started = performance.now();
    await page.goto(`${sesame.url}/admin/`);
    await page.getByText('Sign in with an administrator account').waitFor();
    times.push(performance.now() - started);
    await context.close();
  }
  times.sort((a, b) => a - b);
  console.log(
    `first load, ${RUNS} fresh contexts: median ${times[RUNS >> 1].toFixed(0)} ms, min ${times[0].toFixed(0)} ms, max ${times[RUNS - 1].toFixed(0)} ms`,
  );
} finally {
  await browser.close();
  await sesame.close();
  await rm(dataDir, { recursive: true, force: true });
}
