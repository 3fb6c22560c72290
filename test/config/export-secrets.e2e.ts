import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CLIENT_SECRET, startSsoFixture, type SsoFixture } from '../support/sso-fixture.js';
import { TEST_ADMIN_TOKEN } from '../support/test-sesame.js';

const PASSPHRASE = 'a passphrase the caller chose';
const BACKDOOR_KEY = 'backdoor-key-export-0123456789';

type Json = Record<string, any>;

/** Secrets, even sealed with a passphrase the caller picks, are the caller's: only an admin token may export them. */
describe('configuration export with secrets needs the admin scope', () => {
  let f: SsoFixture;
  let readToken: string;
  let readTokenId: string;

  beforeAll(async () => {
    f = await startSsoFixture();
    const settings = (await (await f.sesame.admin('/api/admin/sign-in-settings')).json()) as Json;
    const put = await f.sesame.admin('/api/admin/sign-in-settings', {
      method: 'PUT',
      body: { ...settings, backdoor: { enabled: true, key: BACKDOOR_KEY, allowedGroups: [] } },
    });
    expect(put.status).toBe(200);
    const created = (await (
      await f.sesame.admin('/api/admin/api-tokens', { method: 'POST', body: { name: 'reader', scope: 'read' } })
    ).json()) as Json;
    readToken = created.token;
    readTokenId = created.id;
  });
  afterAll(() => f?.close());

  const exportWith = (token: string, query: string) =>
    fetch(`${f.url}/api/admin/config/export${query}`, {
      headers: { authorization: `Bearer ${token}`, 'x-sesame-passphrase': PASSPHRASE },
    });
  const exportEvents = () =>
    f.sesame.db.query<{ actor: string; details: Json; raw: string }>(
      `SELECT actor, details, details::text AS raw FROM audit_events WHERE type = 'config_export' ORDER BY id`,
    );

  it('answers 403 to a read token asking for secrets, naming the scope it needs, and seals nothing', async () => {
    const response = await exportWith(readToken, '?includeSecrets=true');
    expect(response.status).toBe(403);
    const text = await response.text();
    expect(JSON.parse(text)).toMatchObject({ code: 'FORBIDDEN', message: expect.stringMatching(/includeSecrets.*scope "admin".*"read"/) });
    expect(text).not.toMatch(/sealed|v1\./);
    // Refused before the passphrase is even looked at: a short one changes nothing.
    const short = await fetch(`${f.url}/api/admin/config/export?includeSecrets=true`, {
      headers: { authorization: `Bearer ${readToken}`, 'x-sesame-passphrase': 'short' },
    });
    expect(short.status).toBe(403);
  });

  it('still lets a read token export the configuration without secrets', async () => {
    const response = await exportWith(readToken, '');
    expect(response.status).toBe(200);
    const document = (await response.json()) as Json;
    expect(document.providers.map((p: Json) => p.slug)).toEqual(['idp']);
    expect(JSON.stringify(document)).not.toMatch(/sealed/);
  });

  it('exports secrets to an admin token, and audits that secrets were included and by which token', async () => {
    const response = await exportWith(TEST_ADMIN_TOKEN, '?includeSecrets=true');
    expect(response.status).toBe(200);
    const document = (await response.json()) as Json;
    expect(document.providers[0].sealedClientSecret).toMatch(/^v1\./);
    expect(document.signInSettings.backdoor.sealedKey).toMatch(/^v1\./);

    const events = await exportEvents();
    const withSecrets = events.filter((e) => e.details.secretsIncluded === true);
    expect(withSecrets).toHaveLength(1);
    expect(withSecrets[0]!.actor).toMatch(/^api-token:SESAME_ADMIN_TOKEN \(/);
    expect(withSecrets[0]!.details).toEqual({ secretsIncluded: true, sealed: { providers: ['idp'], backdoorKey: true } });
    // The read token's plain export is in the log too, as one without secrets.
    expect(events.filter((e) => e.details.secretsIncluded === false).map((e) => e.actor)).toEqual([`api-token:reader (${readTokenId})`]);
    const everything = [f.sesame.logText(), ...events.map((e) => e.raw)].join('\n');
    for (const secret of [PASSPHRASE, CLIENT_SECRET, BACKDOOR_KEY]) expect(everything).not.toContain(secret);
  });
});
