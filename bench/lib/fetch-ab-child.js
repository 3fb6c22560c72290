// A/B of openid-client's outbound HTTP, in one process pinned like Sesame: the code exchange (with
// ID token validation) plus userinfo, with Node's fetch and with Sesame's keep-alive provider fetch
// (node:http), alternating in small batches so that the machine's noise falls on both alike.
import * as client from 'openid-client';
import { ready, serve } from './ipc.js';
import { CLIENT_ID, CLIENT_SECRET, authorizationCode, nonce } from './identity.js';

const { providerFetch } = await import(new URL('../../dist/modules/provider/application/provider-fetch.js', import.meta.url).href);

const cpu = () => {
  const { user, system } = process.cpuUsage();
  return user + system;
};

serve({
  async run({ issuer, user, batches, batchSize }) {
    const configuration = await client.discovery(
      new URL(issuer),
      CLIENT_ID,
      { client_secret: CLIENT_SECRET },
      client.ClientSecretBasic(CLIENT_SECRET),
      { execute: [client.allowInsecureRequests] },
    );
    client.enableNonRepudiationChecks(configuration);
    const callback = new URL(`http://127.0.0.1/sso/bench/callback?code=${authorizationCode(user)}&state=ab`);
    const exchange = async () => {
      const tokens = await client.authorizationCodeGrant(configuration, callback, {
        pkceCodeVerifier: 'bench-code-verifier-0000000000000000000000000000',
        expectedState: 'ab',
        expectedNonce: nonce(user),
      });
      await client.fetchUserInfo(configuration, tokens.access_token, tokens.claims().sub);
    };
    const variants = { fetch: undefined, 'node:http keep-alive': providerFetch };
    const samples = Object.fromEntries(Object.keys(variants).map((name) => [name, []]));
    for (let batch = -2; batch < batches; batch++) {
      for (const [name, customFetch] of Object.entries(variants)) {
        configuration[client.customFetch] = customFetch;
        const before = cpu();
        for (let i = 0; i < batchSize; i++) await exchange();
        // The first two batches of each only warm up (JIT, connections).
        if (batch >= 0) samples[name].push((cpu() - before) / batchSize);
      }
    }
    return samples;
  },
  stop: () => setImmediate(() => process.exit(0)),
});
ready({});
