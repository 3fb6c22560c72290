import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe } from '@jest/globals';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';

/** Debian's Chromium (`apt-get install chromium`; `.ci/run` installs it). Never a downloaded Playwright build. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export const VIEWPORTS = {
  desktop: { width: 1280, height: 900 },
  phone: { width: 390, height: 844 },
} as const;

export const SCREENSHOT_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'screenshots');

/** `describe`, or a skipped `describe` with a visible reason when this machine has no Chromium. */
export function describeWithChromium(name: string, body: () => void): void {
  if (existsSync(CHROMIUM_PATH)) {
    describe(name, body);
    return;
  }
  console.warn(
    `Browser tests "${name}" SKIPPED: no Chromium at ${CHROMIUM_PATH}. Install it with "apt-get install -y chromium" (.ci/run does).`,
  );
  describe.skip(name, body);
}

export function launchChromium(extraFlags: readonly string[] = []): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: [...FLAGS, ...extraFlags] });
}

/** A page in a fresh context that records what a reviewer must never see: CSP violations and script errors. */
export interface WatchedPage {
  readonly context: BrowserContext;
  readonly page: Page;
  /** Console messages about the Content-Security-Policy, and uncaught page errors. */
  readonly problems: string[];
  close(): Promise<void>;
}

export async function openPage(browser: Browser, options: { viewport?: { width: number; height: number } } = {}): Promise<WatchedPage> {
  const context = await browser.newContext({ viewport: options.viewport ?? VIEWPORTS.desktop, locale: 'en-GB' });
  context.setDefaultTimeout(45_000); // CI machines are busy; a real failure still fails, only later
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (message) => {
    if (/Content[- ]Security[- ]Policy|Refused to/i.test(message.text())) problems.push(`${message.type()}: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  return { context, page, problems, close: () => context.close() };
}

/**
 * Full-page screenshots at desktop and phone widths (`<name>.desktop.png`, `<name>.phone.png`),
 * so a reviewer sees each page as staff will. The viewport is put back afterwards.
 */
export async function screenshot(page: Page, name: string): Promise<void> {
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  const original = page.viewportSize();
  for (const [size, viewport] of Object.entries(VIEWPORTS)) {
    await page.setViewportSize(viewport);
    await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.${size}.png`), fullPage: true, animations: 'disabled' });
  }
  if (original) await page.setViewportSize(original);
}

/** Presses Tab until `selector` has the focus; false if it never does within `maxTabs` presses. */
export async function tabTo(page: Page, selector: string, maxTabs = 15): Promise<boolean> {
  for (let i = 0; i < maxTabs; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return true;
  }
  return false;
}

/**
 * The id of the focused element once the page has settled on `expected`; whatever has the focus
 * after `timeoutMs` otherwise. `autofocus` is applied at the browser's next rendering step, which
 * can come after the navigation or the response a test waited for.
 */
export async function settledFocus(page: Page, expected: string, timeoutMs = 5_000): Promise<string | undefined> {
  await page.waitForFunction((id) => document.activeElement?.id === id, expected, { timeout: timeoutMs }).catch(() => undefined);
  return page.evaluate(() => document.activeElement?.id);
}

/**
 * How many elements match `locator` once the page has settled on `expected`; the last count seen
 * after `timeoutMs` otherwise. A plain `count()` reads the page at once, before a render that a
 * click or a fetch has only scheduled.
 */
export async function settledCount(locator: Locator, expected: number, timeoutMs = 15_000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const count = await locator.count();
    if (count === expected || Date.now() >= deadline) return count;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
