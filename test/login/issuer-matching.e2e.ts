import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startDemoIdentityProvider, DEMO_USERS, type DemoIdentityProvider } from '../../src/modules/demo/index.js';
import { TestBrowser } from '../support/browser.js';
import { CLIENT_ID, CLIENT_SECRET, startSsoFixture, type SsoFixture } from '../support/sso-fixture.js';

/** Issuers are identical strings (OpenID Connect Discovery 1.0 §4.3): a trailing "/" is part of one. */
describe('issuers compared exactly', () => {
  let f: SsoFixture;
  let plain: DemoIdentityProvider;
  let documents: Server;
  let documentsOrigin: string;

  beforeAll(async () => {
    // Issues as http://127.0.0.1:<port>/, the shape of Auth0's issuers; the fixture registers it as is.
    f = await startSsoFixture({ issuerTrailingSlash: true });
    plain = await startDemoIdentityProvider({
      users: DEMO_USERS,
      clients: [{ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, redirectUris: [`${f.url}/sso/plain/callback`] }],
    });
    // A provider whose issuer has a path and ends in "/" (a Keycloak realm behind a rewriting proxy, say).
    documents = createServer((req, res) => {
      const issuer = `${documentsOrigin}/tenant/`;
      if (req.url !== '/tenant/.well-known/openid-configuration') return void res.writeHead(404).end();
      res.writeHead(200, { 'content-type': 'application/json' }).end(
        JSON.stringify({
          issuer,
          authorization_endpoint: `${issuer}authorize`,
          token_endpoint: `${issuer}token`,
          jwks_uri: `${issuer}jwks`,
          response_types_supported: ['code'],
          subject_types_supported: ['public'],
          id_token_signing_alg_values_supported: ['RS256'],
        }),
      );
    });
    await new Promise<void>((resolve) => documents.listen(0, '127.0.0.1', resolve));
    documentsOrigin = `http://127.0.0.1:${(documents.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => documents?.close(resolve));
    await plain?.close();
    await f?.close();
  });

  const register = (slug: string, issuer: string) =>
    f.sesame.admin('/api/admin/providers', {
      method: 'POST',
      body: { slug, displayName: slug, kind: 'oidc', preset: 'generic', issuer, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET },
    });

  it('registers an issuer ending in "/" as given, and signs in through it', async () => {
    expect(f.idp.issuer).toMatch(/:\d+\/$/);
    expect(f.provider.issuer).toBe(f.idp.issuer);
    const [row] = await f.sesame.db.query<{ issuer: string }>(`SELECT issuer FROM providers WHERE slug = 'idp'`);
    expect(row!.issuer).toBe(f.idp.issuer);
    const result = await f.login(new TestBrowser(), 'alice');
    expect(result.status).toBe(302);
    expect(result.location).toBe('/app');
  });

  it.each([
    ['without the "/" its discovery document names', () => f.idp.issuer.slice(0, -1), () => f.idp.issuer],
    ['with a "/" its discovery document does not name', () => `${plain.issuer}/`, () => plain.issuer],
    ['with a path, without the "/" its discovery document names', () => `${documentsOrigin}/tenant`, () => `${documentsOrigin}/tenant/`],
  ])('refuses an issuer %s: 422 naming both values, nothing stored', async (_name, configured, discovered) => {
    const response = await register('mismatch', configured());
    const body = (await response.json()) as Record<string, unknown>;
    expect({ status: response.status, ...body }).toMatchObject({
      status: 422,
      code: 'PROVIDER_ISSUER_MISMATCH',
      field: 'issuer',
      expected: configured(),
      discovered: discovered(),
    });
    expect(body.message).toContain(`"${discovered()}"`);
    expect(await f.sesame.db.query(`SELECT id FROM providers WHERE slug = 'mismatch'`)).toEqual([]);
  });

  it('registers each issuer in its exact form: no "/" added, a path issuer’s "/" kept', async () => {
    const created = await register('plain', plain.issuer);
    expect(created.status).toBe(201);
    expect(((await created.json()) as { issuer: string }).issuer).toBe(plain.issuer);
    plain.autoLogin = 'bob';
    expect((await f.login(new TestBrowser(), 'bob', { slug: 'plain' })).status).toBe(302);

    const withPath = await register('tenant', `${documentsOrigin}/tenant/`);
    expect(withPath.status).toBe(201);
    expect(((await withPath.json()) as { issuer: string }).issuer).toBe(`${documentsOrigin}/tenant/`);
  });
});
