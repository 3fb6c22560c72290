import type { Page } from 'playwright-core';
import type { Clock } from '../../src/common/clock.js';
import { DEMO_USERS, type DemoUser } from '../../src/modules/demo/index.js';
import { startSsoFixture, type SsoFixture } from './sso-fixture.js';

/**
 * What the admin console's tests share: the people, the settings that make some of them
 * administrators, and signing in to /admin/. Each test file starts its own Sesame with
 * `startConsoleFixture`, and the shared values are frozen or made fresh per call, so no file
 * and no test can change what another relies on.
 */

export type Json = Record<string, any>;

/** The demo people and carol, whose `auditors` group makes her a read-only administrator. */
export const CONSOLE_USERS: readonly DemoUser[] = Object.freeze([
  ...DEMO_USERS,
  { sub: 'demo-carol', username: 'carol', email: 'carol@example.com', givenName: 'Carol', familyName: 'Clerk', groups: ['auditors'] },
]);

/** A group mapping that brings each person's provider groups (admins, auditors…) along, created as needed. A fresh copy each call. */
export function onTheFlyGroups(): Json {
  return {
    groupAttribute: 'groups',
    defaultGroups: [],
    assignDefaultGroupsTo: 'none',
    mode: 'on-the-fly',
    updateExistingUsers: true,
    manual: { rules: [], requireMappedGroupForCreation: false },
    onTheFly: { createMissingGroups: true, keepExistingGroups: false, excludeGroups: [] },
    allowedGroups: [],
  };
}

export interface ConsoleFixtureOptions {
  /** The sign-in settings' adminGroups: who administers Sesame. */
  readonly adminGroups: { readonly admin: readonly string[]; readonly readOnly: readonly string[] };
  readonly adminSession?: { readonly reauthenticateAfterMinutes: number };
  readonly clock?: Clock;
}

/** Sesame and the test provider with CONSOLE_USERS, groups mapped on the fly, and `adminGroups` administering. */
export async function startConsoleFixture(options: ConsoleFixtureOptions): Promise<SsoFixture> {
  const f = await startSsoFixture({ users: CONSOLE_USERS, clock: options.clock });
  try {
    await must(adminApi(f, `/api/admin/providers/${f.provider.id}/group-mapping`, { method: 'PUT', body: onTheFlyGroups() }));
    const settings = await must(adminApi(f, '/api/admin/sign-in-settings'));
    const { adminGroups, adminSession } = options;
    await must(
      adminApi(f, '/api/admin/sign-in-settings', {
        method: 'PUT',
        body: { ...settings, adminGroups, ...(adminSession && { adminSession }) },
      }),
    );
    return f;
  } catch (error) {
    await f.close();
    throw error;
  }
}

/** The admin API with Sesame's admin token: the status, and the body parsed (null when there is none). */
export async function adminApi(
  f: SsoFixture,
  path: string,
  init: { method?: string; body?: unknown } = {},
): Promise<{ status: number; body: Json }> {
  const response = await f.sesame.admin(path, init);
  return { status: response.status, body: (await response.json().catch(() => null)) as Json };
}

async function must(answer: Promise<{ status: number; body: Json }>): Promise<Json> {
  const { status, body } = await answer;
  if (status >= 300) throw new Error(`the console fixture's setup was refused: ${status} ${JSON.stringify(body)}`);
  return body;
}

/** Signs in at /admin/ through the login page and the identity provider, as a person does. */
export async function signInToConsole(f: SsoFixture, page: Page, username: string): Promise<void> {
  f.idp.autoLogin = username;
  await page.goto(`${f.url}/admin`);
  await page.getByRole('link', { name: 'Sign in' }).click();
  await page.click('[data-provider="idp"]');
  await page.waitForURL(`${f.url}/admin/`);
  await page.getByRole('heading', { level: 1, name: 'Providers' }).waitFor();
}

/** Opens a console tab from its navigation, and waits for the tab's heading. */
export async function openConsoleTab(page: Page, name: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Console sections' }).getByRole('link', { name, exact: true }).click();
  await page.getByRole('heading', { level: 1, name }).waitFor();
}

/** The settings documents a console test may change. */
export const CONSOLE_DOCUMENTS = (f: SsoFixture): readonly string[] => [
  '/api/admin/sign-in-settings',
  '/api/admin/redirect-rules',
  '/api/admin/look-and-feel',
  `/api/admin/providers/${f.provider.id}/user-mapping`,
  `/api/admin/providers/${f.provider.id}/group-mapping`,
];

/**
 * Reads the settings documents now and answers a function that puts them back as they were
 * (run it after each test), so that a test that saves a setting through the console leaves the
 * next test the same Sesame. The backdoor key is write-only: one a test sets would stay.
 */
export async function keepDocuments(f: SsoFixture, paths: readonly string[] = CONSOLE_DOCUMENTS(f)): Promise<() => Promise<void>> {
  const kept = await Promise.all(paths.map(async (path) => [path, await must(adminApi(f, path))] as const));
  return async () => {
    for (const [path, body] of kept) {
      // Only what changed, so the audit log shows the tests' own changes rather than a put-back after each.
      const now = await must(adminApi(f, path));
      if (JSON.stringify(now) !== JSON.stringify(body)) await must(adminApi(f, path, { method: 'PUT', body }));
    }
  };
}
