import { expect } from '@jest/globals';
import type { DemoUser } from '../../src/modules/demo/index.js';
import { defaultGroupMapping } from '../../src/modules/group-mapping/index.js';
import { TestBrowser } from '../support/browser.js';
import { CLIENT_ID, CLIENT_SECRET, type LoginResult, type SsoFixture } from '../support/sso-fixture.js';

/** Shared helpers of the mapping e2e tests: mappings through the admin API, people at the IdP, and the directory as stored. */

export type Json = Record<string, unknown>;

export async function adminJson<T = Json>(f: SsoFixture, path: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
  const response = await f.sesame.admin(path, init);
  const text = await response.text();
  if (response.status >= 300) throw new Error(`${init.method ?? 'GET'} ${path} answered ${response.status}: ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

/** Replaces the provider's user mapping with its preset defaults overlaid by `changes`. */
export async function setUserMapping(f: SsoFixture, changes: Json = {}): Promise<Json> {
  const body = { ...USER_MAPPING_DEFAULTS, ...changes };
  return adminJson(f, `/api/admin/providers/${f.provider.id}/user-mapping`, { method: 'PUT', body });
}

/** Replaces the provider's group mapping with the defaults overlaid by `changes` (manual and onTheFly merged one level deep). */
export async function setGroupMapping(f: SsoFixture, changes: Json = {}): Promise<Json> {
  const { manual, onTheFly, ...rest } = changes as { manual?: Json; onTheFly?: Json };
  const body = {
    ...GROUP_MAPPING_DEFAULTS,
    ...rest,
    manual: { ...GROUP_MAPPING_DEFAULTS.manual, ...manual },
    onTheFly: { ...GROUP_MAPPING_DEFAULTS.onTheFly, ...onTheFly },
  };
  return adminJson(f, `/api/admin/providers/${f.provider.id}/group-mapping`, { method: 'PUT', body });
}

export const USER_MAPPING_DEFAULTS = {
  usernameAttribute: 'preferred_username',
  emailAttribute: 'email',
  firstNameAttribute: 'given_name',
  lastNameAttribute: 'family_name',
  displayNameAttribute: 'name',
  matchBy: 'username',
  allowUserCreation: true,
  updateProfileOnLogin: true,
  trustEmail: false,
};

/** The mapping a new provider gets, as the API documents it. */
export const GROUP_MAPPING_DEFAULTS = defaultGroupMapping();

/** Adds a person to the identity provider, or replaces the one with the same username. */
export function person(f: SsoFixture, user: Partial<DemoUser> & { username: string }): DemoUser {
  const full: DemoUser = {
    sub: `sub-${user.username}`,
    email: `${user.username}@example.com`,
    givenName: capitalise(user.username),
    familyName: 'Tester',
    groups: [],
    ...user,
  };
  const index = f.idp.users.findIndex((u) => u.username === user.username);
  if (index >= 0) f.idp.users[index] = full;
  else f.idp.users.push(full);
  return full;
}

/** The claims this person's login delivers (what the demo provider puts in the ID token). */
export function claimsOf(user: DemoUser): Json {
  return {
    sub: user.sub,
    preferred_username: user.username,
    email: user.email,
    email_verified: user.emailVerified ?? true,
    given_name: user.givenName,
    family_name: user.familyName,
    name: `${user.givenName} ${user.familyName}`,
    groups: [...user.groups],
    ...user.extra,
  };
}

export interface SignIn extends LoginResult {
  readonly browser: TestBrowser;
  readonly cookie: string | undefined;
}

export async function signIn(f: SsoFixture, username: string): Promise<SignIn> {
  const browser = new TestBrowser();
  const result = await f.login(browser, username);
  return { ...result, browser, cookie: browser.cookie(f.url, 'sesame_session') };
}

/**
 * A whole login as the person with this `sub`, chosen on the provider's picker page rather than
 * through `idp.autoLogin`, so that logins of different people can run at the same time.
 */
export async function signInAs(f: SsoFixture, sub: string): Promise<SignIn> {
  f.idp.autoLogin = null;
  const browser = new TestBrowser();
  const picker = await browser.follow(`${f.url}/sso/idp/start?return_to=%2Fapp`);
  const uid = /^\/interaction\/([^/]+)$/.exec(new URL(picker.url).pathname)?.[1];
  if (picker.response.status !== 200 || !uid) throw new Error(`no picker page: ${picker.response.status} at ${picker.url}`);
  await picker.response.arrayBuffer();
  const { response, hops } = await browser.follow(
    `${f.idp.issuer}/interaction/${uid}/pick?sub=${encodeURIComponent(sub)}`,
    (next) => next.origin === f.url && next.pathname !== '/sso/idp/callback',
  );
  return {
    response,
    status: response.status,
    location: response.headers.get('location'),
    hops,
    body: await response.text(),
    browser,
    cookie: browser.cookie(f.url, 'sesame_session'),
  };
}

/** A login that Sesame must refuse with this status and code, setting no session cookie. */
export async function expectRefused(f: SsoFixture, username: string, status: number, code: string): Promise<SignIn> {
  const result = await signIn(f, username);
  expect({ status: result.status, code: result.body.includes(code) }).toEqual({ status, code: true });
  expect(result.response.headers.getSetCookie().some((c) => c.startsWith('sesame_session='))).toBe(false);
  return result;
}

export interface StoredUser {
  id: string;
  username: string;
  email: string | null;
  email_verified: boolean;
  first_name: string | null;
  last_name: string | null;
  display_name: string | null;
}

export async function storedUser(f: SsoFixture, username: string): Promise<StoredUser | undefined> {
  const rows = await f.sesame.db.query<StoredUser>(
    `SELECT id, username, email, email_verified, first_name, last_name, display_name FROM users WHERE lower(username) = lower($1)`,
    [username],
  );
  return rows[0];
}

/** The user's groups as `name:origin`, sorted. */
export async function membershipsOf(f: SsoFixture, userId: string): Promise<string[]> {
  const rows = await f.sesame.db.query<{ entry: string }>(
    `SELECT g.name || ':' || m.origin AS entry FROM memberships m JOIN groups g ON g.id = m.group_id WHERE m.user_id = $1 ORDER BY 1`,
    [userId],
  );
  return rows.map((r) => r.entry);
}

export async function linkedUserId(f: SsoFixture, subject: string): Promise<string | undefined> {
  const rows = await f.sesame.db.query<{ user_id: string }>(`SELECT user_id FROM user_identities WHERE provider_id = $1 AND subject = $2`, [
    f.provider.id,
    subject,
  ]);
  return rows[0]?.user_id;
}

export async function createGroup(f: SsoFixture, name: string): Promise<string> {
  return (await adminJson<{ id: string }>(f, '/api/admin/groups', { method: 'POST', body: { name } })).id;
}

export async function groupId(f: SsoFixture, name: string): Promise<string | undefined> {
  const rows = await f.sesame.db.query<{ id: string }>(`SELECT id FROM groups WHERE lower(name) = lower($1)`, [name]);
  return rows[0]?.id;
}

export async function addMember(
  f: SsoFixture,
  group: string,
  userId: string,
  origin: 'manual' | 'sso' | 'default' = 'manual',
): Promise<void> {
  const id = (await groupId(f, group)) ?? (await createGroup(f, group));
  await adminJson(f, `/api/admin/groups/${id}/members`, { method: 'POST', body: { userId, origin } });
}

export async function createLocalUser(f: SsoFixture, body: Json & { username: string }): Promise<string> {
  return (await adminJson<{ id: string }>(f, '/api/admin/users', { method: 'POST', body })).id;
}

/** The signed-in user as the application sees it. */
export async function me(f: SsoFixture, browser: TestBrowser): Promise<{ status: number; body: Json }> {
  const response = await browser.get(`${f.url}/api/me`);
  return { status: response.status, body: (await response.json()) as Json };
}

/** Polls until `read` yields a value (audit events are written after the response). */
export async function eventually<T>(read: () => Promise<T | undefined>, timeoutMs = 3000): Promise<T | undefined> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value !== undefined || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function capitalise(name: string): string {
  return name.charAt(0).toUpperCase() + name.slice(1);
}

/** A second registration of the fixture's identity provider, under the slug whose callback its client also allows. */
export function registerSecondProvider(f: SsoFixture, displayName: string): Promise<{ id: string; slug: string }> {
  return adminJson(f, '/api/admin/providers', {
    method: 'POST',
    body: {
      slug: 'idp-oauth2',
      displayName,
      kind: 'oidc',
      preset: 'generic',
      issuer: f.idp.issuer,
      clientId: CLIENT_ID,
      clientSecret: CLIENT_SECRET,
      scopes: ['openid', 'profile', 'email', 'groups'],
    },
  });
}
