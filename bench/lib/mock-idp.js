// A mock OpenID provider on node:http: discovery, a cached JWKS, a token endpoint answering with
// ID tokens signed in advance (RS256), and userinfo. Signing is not what the bench measures.
import { generateKeyPairSync, sign } from 'node:crypto';
import { createServer } from 'node:http';
import { ready, serve } from './ipc.js';
import { loopDelay, watchLoop } from './loop-delay.js';
import { CLIENT_ID, authorizationCode, idpGroups, nonce, profileClaims } from './identity.js';

const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const KID = 'bench-key-1';
const jwks = JSON.stringify({ keys: [{ ...publicKey.export({ format: 'jwk' }), kid: KID, alg: 'RS256', use: 'sig' }] });
const header = Buffer.from(JSON.stringify({ alg: 'RS256', typ: 'JWT', kid: KID })).toString('base64url');

const tokenResponses = new Map();
const userinfoResponses = new Map();
let stats = { discovery: 0, jwks: 0, token: 0, userinfo: 0, unknownCode: 0 };

const server = createServer((request, response) => {
  const url = request.url ?? '/';
  if (url === '/.well-known/openid-configuration') stats.discovery++;
  if (url === '/jwks') stats.jwks++;
  if (url === '/.well-known/openid-configuration') return json(response, 200, discovery, 'public, max-age=3600');
  if (url === '/jwks') return json(response, 200, jwks, 'public, max-age=3600');
  if (url === '/token' && request.method === 'POST') {
    const chunks = [];
    request.on('data', (chunk) => chunks.push(chunk));
    request.on('end', () => {
      stats.token++;
      const code = new URLSearchParams(Buffer.concat(chunks).toString()).get('code');
      const body = code ? tokenResponses.get(code) : undefined;
      if (!body) {
        stats.unknownCode++;
        return json(response, 400, JSON.stringify({ error: 'invalid_grant' }), 'no-store');
      }
      json(response, 200, body, 'no-store');
    });
    return;
  }
  if (url === '/userinfo') {
    stats.userinfo++;
    const token = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1];
    const body = token ? userinfoResponses.get(token) : undefined;
    return body ? json(response, 200, body, 'no-store') : json(response, 401, '{"error":"invalid_token"}', 'no-store');
  }
  json(response, 404, '{"error":"not_found"}', 'no-store');
});
server.keepAliveTimeout = 65_000;
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const issuer = `http://127.0.0.1:${server.address().port}`;
const discovery = JSON.stringify({
  issuer,
  authorization_endpoint: `${issuer}/authorize`,
  token_endpoint: `${issuer}/token`,
  userinfo_endpoint: `${issuer}/userinfo`,
  jwks_uri: `${issuer}/jwks`,
  response_types_supported: ['code'],
  subject_types_supported: ['public'],
  id_token_signing_alg_values_supported: ['RS256'],
  token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
  code_challenge_methods_supported: ['S256'],
  scopes_supported: ['openid', 'profile', 'email', 'groups'],
  grant_types_supported: ['authorization_code'],
});

function json(response, status, body, cacheControl) {
  response.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(body),
    'cache-control': cacheControl,
  });
  response.end(body);
}

/** Signs the ID token and prepares the userinfo answer of one (user, group set, variant). */
const preparedSets = new Map();

function prepare(i, set, variant) {
  const code = authorizationCode(i, variant);
  if (preparedSets.has(code)) {
    if (preparedSets.get(code) !== set) throw new Error(`user ${i} is asked for with groups "${set}" and "${preparedSets.get(code)}"`);
    return;
  }
  preparedSets.set(code, set);
  const now = Math.floor(Date.now() / 1000);
  const claims = { ...profileClaims(i), groups: idpGroups(i, set, variant) };
  const payload = { iss: issuer, aud: CLIENT_ID, sub: `sub-${i}`, iat: now, exp: now + 4 * 3600, nonce: nonce(i), ...claims };
  const input = `${header}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}`;
  const idToken = `${input}.${sign('sha256', Buffer.from(input), privateKey).toString('base64url')}`;
  const accessToken = `at.${code}`;
  tokenResponses.set(
    code,
    JSON.stringify({
      access_token: accessToken,
      token_type: 'Bearer',
      expires_in: 300,
      scope: 'openid profile email groups',
      id_token: idToken,
    }),
  );
  userinfoResponses.set(accessToken, JSON.stringify({ sub: `sub-${i}`, ...claims }));
}

serve({
  /** users: [{ from, count, step, set, variants }] */
  presign({ users }) {
    let signed = 0;
    for (const { from, count, step = 1, set, variants = [0] } of users) {
      for (let k = 0; k < count; k++) {
        for (const variant of variants) {
          prepare(from + k * step, set, variant);
          signed++;
        }
      }
    }
    return { signed, held: tokenResponses.size };
  },
  watchLoop,
  loopDelay,
  stats: () => {
    const current = stats;
    stats = { discovery: 0, jwks: 0, token: 0, userinfo: 0, unknownCode: 0 };
    return current;
  },
  stop: () => setImmediate(() => server.close(() => process.exit(0))),
});
ready({ issuer });
