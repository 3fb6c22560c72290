import { describe, expect, it } from '@jest/globals';
import { parseConfig } from './config.js';

describe('parseConfig', () => {
  it('has working defaults for the embedded mode', () => {
    const result = parseConfig({});
    expect(result).toEqual({
      ok: true,
      config: expect.objectContaining({
        port: 3000,
        publicUrl: 'http://localhost:3000',
        databaseUrl: undefined,
        dataDir: './data',
        logLevel: 'info',
        databaseConnectTimeoutMs: 10000,
        databaseStatementTimeoutMs: 10000,
        databaseQueryTimeoutMs: 12000,
        forwardAuthDatabaseTimeoutMs: 2000,
        graphUrl: 'https://graph.microsoft.com',
      }),
    });
  });

  it.each<[Record<string, string>, string]>([
    [{ PORT: 'abc' }, 'PORT: must be a whole number from 1 to 65535, got "abc"'],
    [{ PORT: '70000' }, 'PORT: must be a whole number from 1 to 65535, got "70000"'],
    [{ SESAME_GRAPH_URL: 'graph' }, 'SESAME_GRAPH_URL: must be an absolute URL'],
    [{ SESAME_GRAPH_URL: 'http://graph.example' }, 'SESAME_GRAPH_URL: must use https (http only on a loopback address)'],
    [{ SESAME_GRAPH_URL: 'https://graph.example/?x=1' }, 'SESAME_GRAPH_URL: must not contain credentials, a query or a fragment'],
    [{ DATABASE_URL: 'mysql://x/y', SESAME_SECRET_KEY: 'k'.repeat(32) }, 'DATABASE_URL: must start with postgres:// or postgresql://'],
    [
      { DATABASE_URL: 'not a url', SESAME_SECRET_KEY: 'k'.repeat(32) },
      'DATABASE_URL: must be a URL such as postgres://user:password@host:5432/database',
    ],
    [{ DATABASE_URL: 'postgres://db/sesame' }, 'SESAME_SECRET_KEY: is required when DATABASE_URL is set (try: openssl rand -base64 32)'],
    [{ SESAME_SECRET_KEY: 'short' }, 'SESAME_SECRET_KEY: must be at least 32 characters (try: openssl rand -base64 32)'],
    [
      { SESAME_SECRET_KEY_PREVIOUS: `${'p'.repeat(32)},short-key` },
      'SESAME_SECRET_KEY_PREVIOUS: every key must be at least 32 characters (too short: key number 2)',
    ],
    [{ PUBLIC_URL: 'ftp://x' }, 'PUBLIC_URL: must start with http:// or https://'],
    [{ SESAME_ALLOW_INSECURE_PROVIDERS: 'maybe' }, 'SESAME_ALLOW_INSECURE_PROVIDERS: must be true or false, got "maybe"'],
    [{ SESAME_TRUSTED_PROXIES: '10.0.0.0/8, nonsense' }, 'SESAME_TRUSTED_PROXIES: not an IP address or CIDR range: nonsense'],
    [
      { SESAME_ALLOWED_RETURN_ORIGINS: 'https://app.example.com/path' },
      'SESAME_ALLOWED_RETURN_ORIGINS: "https://app.example.com/path" is not an origin (scheme://host[:port], nothing after it)',
    ],
    [
      { PUBLIC_URL: 'https://sso.example.co.uk', SESAME_COOKIE_DOMAIN: '.co.uk' },
      'SESAME_COOKIE_DOMAIN: "co.uk" is a public suffix: every site under it would receive Sesame\'s session',
    ],
    [
      { PUBLIC_URL: 'https://sso.example.com', SESAME_COOKIE_DOMAIN: '.example.org' },
      'SESAME_COOKIE_DOMAIN: must be PUBLIC_URL\'s host (sso.example.com) or a parent of it, got "example.org"',
    ],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL: must be one of fatal, error, warn, info, debug, trace, silent'],
    ...['x'.repeat(23), 'x'.repeat(201), `${'x'.repeat(20)} ${'x'.repeat(20)}`, `${'é'.repeat(30)}`].map(
      (token): [Record<string, string>, string] => [
        { SESAME_ADMIN_TOKEN: token },
        'SESAME_ADMIN_TOKEN: must be 24 to 200 characters of visible ASCII without spaces, any format (try: openssl rand -hex 32)',
      ],
    ),
    [
      { SESAME_DB_CONNECT_TIMEOUT_MS: '3s' },
      'SESAME_DB_CONNECT_TIMEOUT_MS: must be a whole number of milliseconds from 100 to 60000, got "3s"',
    ],
    [
      { SESAME_DB_STATEMENT_TIMEOUT_MS: '0' },
      'SESAME_DB_STATEMENT_TIMEOUT_MS: must be a whole number of milliseconds from 100 to 600000, got "0"',
    ],
    [
      { SESAME_DB_QUERY_TIMEOUT_MS: '-1' },
      'SESAME_DB_QUERY_TIMEOUT_MS: must be a whole number of milliseconds from 100 to 600000, got "-1"',
    ],
    [
      { SESAME_FORWARD_AUTH_DB_TIMEOUT_MS: '99999' },
      'SESAME_FORWARD_AUTH_DB_TIMEOUT_MS: must be a whole number of milliseconds from 100 to 60000, got "99999"',
    ],
  ])('refuses %j with one line naming the variable', (env, message) => {
    expect(parseConfig(env)).toEqual({ ok: false, errors: [message] });
  });

  it.each(['0123456789abcdef01234567', 'a'.repeat(64), 'ses_custom-token-0123456789', 'Zx9+/=~._-Zx9+/=~._-Zx9+'])(
    'accepts the admin token %s as it is',
    (token) => {
      expect(parseConfig({ SESAME_ADMIN_TOKEN: token })).toMatchObject({ ok: true, config: { adminToken: token } });
    },
  );

  it('reports every problem at once', () => {
    const result = parseConfig({ PORT: '0', LOG_LEVEL: 'x' });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.errors).toHaveLength(2);
  });

  it('reads the previous secret keys as a comma-separated list', () => {
    const [one, two] = ['1'.repeat(32), '2'.repeat(40)];
    const none = parseConfig({});
    expect(none.ok && none.config.secretKeyPrevious).toEqual([]);
    const result = parseConfig({ SESAME_SECRET_KEY_PREVIOUS: ` ${one} , ${two}` });
    expect(result.ok && result.config.secretKeyPrevious).toEqual([one, two]);
  });

  it('never prints a previous key it refuses', () => {
    const result = parseConfig({ SESAME_SECRET_KEY_PREVIOUS: 'a-short-secret' });
    expect(!result.ok && result.errors.join('\n')).not.toContain('a-short-secret');
  });

  it('normalises lists and URLs', () => {
    const result = parseConfig({
      PUBLIC_URL: 'https://sso.example.com/',
      SESAME_TRUSTED_PROXIES: '10.0.0.0/8;127.0.0.1 ::1',
      SESAME_ALLOWED_RETURN_ORIGINS: 'https://app.example.com,https://wiki.example.com/',
      DATABASE_URL: 'postgresql://u:p@db:5432/sesame',
      SESAME_SECRET_KEY: 's'.repeat(40),
      SESAME_ALLOW_INSECURE_PROVIDERS: 'yes',
      SESAME_COOKIE_DOMAIN: '.Example.com',
    });
    expect(result.ok && result.config).toMatchObject({
      publicUrl: 'https://sso.example.com',
      trustedProxies: ['10.0.0.0/8', '127.0.0.1', '::1'],
      allowedReturnOrigins: ['https://app.example.com', 'https://wiki.example.com'],
      allowInsecureProviders: true,
      cookieDomain: 'example.com',
    });
  });
});

describe('SESAME_GRAPH_URL', () => {
  it.each<[string, string]>([
    ['https://graph.microsoft.com/', 'https://graph.microsoft.com'],
    ['https://graph.microsoft.us', 'https://graph.microsoft.us'],
    ['http://127.0.0.1:4010', 'http://127.0.0.1:4010'],
    ['http://localhost:4010/', 'http://localhost:4010'],
  ])('%s → %s', (raw, expected) => {
    const result = parseConfig({ SESAME_GRAPH_URL: raw });
    expect(result.ok && result.config.graphUrl).toBe(expected);
  });
});
