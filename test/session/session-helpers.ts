import type { TestBrowser } from '../support/browser.js';
import type { TestSesame } from '../support/test-sesame.js';

export const SECOND = 1000;
export const MINUTE = 60 * SECOND;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

export interface SessionTimeouts {
  idleTimeoutMinutes: number;
  absoluteTimeoutHours: number;
  rememberMe: { enabled: boolean; days: number };
}

/** Changes only the session part of the sign-in settings, through the admin API. */
export async function setSessionTimeouts(sesame: TestSesame, session: SessionTimeouts): Promise<void> {
  const current = (await (await sesame.admin('/api/admin/sign-in-settings')).json()) as Record<string, unknown>;
  const response = await sesame.admin('/api/admin/sign-in-settings', { method: 'PUT', body: { ...current, session } });
  if (response.status !== 200) throw new Error(`sign-in settings not saved: ${response.status} ${await response.text()}`);
}

/** The status of GET /api/me in this browser: 200 signed in, 401 not. */
export async function meStatus(browser: TestBrowser, origin: string): Promise<number> {
  const response = await browser.get(`${origin}/api/me`);
  await response.arrayBuffer();
  return response.status;
}

export function sessionSetCookie(response: Response): string | undefined {
  return response.headers.getSetCookie().find((cookie) => cookie.startsWith('sesame_session='));
}

/** Session rows of a user, by username. */
export async function sessionRows(sesame: TestSesame, username: string): Promise<{ id: string; remember_me: boolean; expires_at: Date }[]> {
  return sesame.db.query(
    `SELECT s.id, s.remember_me, s.expires_at FROM sessions s JOIN users u ON u.id = s.user_id WHERE u.username = $1 ORDER BY s.created_at`,
    [username],
  );
}

/** Maps the provider's `groups` claim to local groups, created on the fly (the default maps none). */
export async function mapProviderGroups(sesame: TestSesame, providerId: string, onTheFly: Record<string, unknown> = {}): Promise<void> {
  const path = `/api/admin/providers/${providerId}/group-mapping`;
  const current = (await (await sesame.admin(path)).json()) as { onTheFly: Record<string, unknown> } & Record<string, unknown>;
  const body = {
    ...current,
    groupAttribute: 'groups',
    mode: 'on-the-fly',
    onTheFly: { ...current.onTheFly, createMissingGroups: true, ...onTheFly },
  };
  const response = await sesame.admin(path, { method: 'PUT', body });
  if (response.status !== 200) throw new Error(`group mapping not saved: ${response.status} ${await response.text()}`);
}

/** Retries `probe` until it returns `expected` or `withinMs` passes; resolves with the last value and how long it took. */
export async function eventually<T>(probe: () => Promise<T>, expected: T, withinMs: number): Promise<{ value: T; ms: number }> {
  const started = Date.now();
  for (;;) {
    const value = await probe();
    const ms = Date.now() - started;
    if (JSON.stringify(value) === JSON.stringify(expected) || ms >= withinMs) return { value, ms };
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
