import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestSesame, type TestSesame } from '../support/test-sesame.js';

/**
 * The document that docker compose's sesame-bootstrap posts is one Sesame accepts. Keycloak is not
 * here, so a stand-in on loopback announces the same realm (its discovery document only), and the
 * document's issuer is pointed at it; everything else is posted as committed.
 */
const bootstrap = JSON.parse(readFileSync(join(process.cwd(), 'deploy', 'sesame', 'bootstrap.json'), 'utf8'));
const realmPath = new URL(bootstrap.providers[0].issuer).pathname;

describe('the compose bootstrap document', () => {
  let sesame: TestSesame;
  let issuer: string;
  const keycloak = createServer((req, res) => {
    if (req.url !== `${realmPath}/.well-known/openid-configuration`) return res.writeHead(404).end();
    const endpoint = (path: string) => `${issuer}/protocol/openid-connect/${path}`;
    res.writeHead(200, { 'content-type': 'application/json' }).end(
      JSON.stringify({
        issuer,
        authorization_endpoint: endpoint('auth'),
        token_endpoint: endpoint('token'),
        userinfo_endpoint: endpoint('userinfo'),
        jwks_uri: endpoint('certs'),
        end_session_endpoint: endpoint('logout'),
        response_types_supported: ['code'],
        subject_types_supported: ['public'],
        id_token_signing_alg_values_supported: ['RS256'],
        code_challenge_methods_supported: ['S256'],
      }),
    );
  });

  beforeAll(async () => {
    await new Promise<void>((resolve) => keycloak.listen(0, '127.0.0.1', resolve));
    issuer = `http://127.0.0.1:${(keycloak.address() as { port: number }).port}${realmPath}`;
    sesame = await startTestSesame();
  });
  afterAll(async () => {
    await sesame?.close();
    await new Promise((resolve) => keycloak.close(resolve));
  });

  it('passes config/import?dryRun=true, and a dry run registers nothing', async () => {
    const document = { ...bootstrap, providers: [{ ...bootstrap.providers[0], issuer }] };
    const response = await sesame.admin('/api/admin/config/import?dryRun=true', { method: 'POST', body: document });
    const report = await response.text();
    expect({ status: response.status, report }).toMatchObject({ status: 200 });
    expect(report).toContain('keycloak');
    const providers = await (await sesame.admin('/api/admin/providers')).text();
    expect(providers).not.toContain('"slug":"keycloak"');
  });
});
