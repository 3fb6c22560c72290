import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { TestBrowser } from '../support/browser.js';
import type { SsoFixture } from '../support/sso-fixture.js';

/** GET /auth/check with a session cookie: the status and the groups header a protected app would get. */
export async function forwardAuth(f: SsoFixture, cookie: string, origin = f.url): Promise<{ status: number; groups: string | null }> {
  const response = await fetch(`${origin}/auth/check`, { headers: { cookie } });
  await response.arrayBuffer();
  return { status: response.status, groups: response.headers.get('x-auth-request-groups') };
}

/** Signs `username` in and answers the session cookie header. */
export async function signIn(f: SsoFixture, username: string): Promise<string> {
  const browser = new TestBrowser();
  const result = await f.login(browser, username);
  if (result.status !== 302) throw new Error(`login of ${username} answered ${result.status}: ${result.body.slice(0, 300)}`);
  return `sesame_session=${browser.cookie(f.url, 'sesame_session')}`;
}

/** Replaces a person at the test provider (the provider reads its users at every request). */
export function changeUser(f: SsoFixture, username: string, change: Record<string, unknown>): void {
  const index = f.idp.users.findIndex((u) => u.username === username);
  f.idp.users[index] = { ...f.idp.users[index]!, ...change };
}

/** Deletes a person at the test provider: its refresh tokens then draw `invalid_grant`. */
export function removeUser(f: SsoFixture, username: string): void {
  f.idp.users.splice(
    f.idp.users.findIndex((u) => u.username === username),
    1,
  );
}

/** Records the refresh tokens the test provider hands out, to prove Sesame never shows them. */
export function captureRefreshTokens(f: SsoFixture): string[] {
  const seen: string[] = [];
  f.idp.intercept = async (ctx, next) => {
    await next();
    const body = ctx.body as { refresh_token?: unknown } | undefined;
    if (ctx.path === '/token' && typeof body?.refresh_token === 'string') seen.push(body.refresh_token);
  };
  return seen;
}

export interface GraphStandIn {
  readonly url: string;
  /** The groups /me/transitiveMemberOf lists, by the access token's person (tests use one person). */
  groups: { id: string; displayName: string }[];
  /** Answer this HTTP status instead (Graph down). */
  failWith: number | null;
  readonly authorizations: string[];
  close(): Promise<void>;
}

/**
 * A local stand-in for Microsoft Graph's `GET /v1.0/me/transitiveMemberOf`, in the documented
 * response shape: an OData collection (`@odata.context`, `value` of directory objects with
 * `@odata.type`), two per page with `@odata.nextLink` to the next, and a directory role among
 * them (roles are members too; they are not groups).
 */
export async function startGraphStandIn(): Promise<GraphStandIn> {
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const state: GraphStandIn = {
    url,
    groups: [],
    failWith: null,
    authorizations: [],
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
  server.on('request', (request, response) => {
    const requested = new URL(request.url ?? '/', url);
    state.authorizations.push(request.headers.authorization ?? '');
    const send = (status: number, body: unknown) => {
      response.writeHead(status, { 'content-type': 'application/json;odata.metadata=minimal' });
      response.end(JSON.stringify(body));
    };
    if (state.failWith) return send(state.failWith, { error: { code: 'ServiceUnavailable', message: 'stand-in is down' } });
    if (requested.pathname !== '/v1.0/me/transitiveMemberOf')
      return send(404, { error: { code: 'Request_ResourceNotFound', message: 'no' } });
    if (!request.headers.authorization?.startsWith('Bearer '))
      return send(401, { error: { code: 'InvalidAuthenticationToken', message: 'no token' } });
    const objects = [
      { '@odata.type': '#microsoft.graph.directoryRole', id: 'role-1', displayName: 'Global Reader' },
      ...state.groups.map((g) => ({ '@odata.type': '#microsoft.graph.group', ...g })),
    ];
    const page = Number(requested.searchParams.get('$skiptoken') ?? '0');
    const next = (page + 1) * 2 < objects.length ? `${url}/v1.0/me/transitiveMemberOf?$skiptoken=${page + 1}` : undefined;
    send(200, {
      '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#directoryObjects',
      value: objects.slice(page * 2, page * 2 + 2),
      ...(next ? { '@odata.nextLink': next } : {}),
    });
  });
  return state;
}
