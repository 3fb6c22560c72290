import { isIP } from 'node:net';
import { checkCookieDomain } from './cookie-domain.js';

/** Sesame's configuration, read once from the environment at start-up. */
export interface Config {
  readonly port: number;
  readonly host: string;
  /** Origin and path prefix under which browsers reach Sesame, without a trailing slash. */
  readonly publicUrl: string;
  /** Undefined: the embedded database in `dataDir`. */
  readonly databaseUrl: string | undefined;
  readonly dataDir: string;
  /** Undefined only in embedded mode, where it is generated into the data folder. */
  readonly secretKey: string | undefined;
  /** Keys that may still open sealed values during a key rotation; never used to seal. */
  readonly secretKeyPrevious: readonly string[];
  readonly adminToken: string | undefined;
  readonly allowInsecureProviders: boolean;
  readonly trustedProxies: readonly string[];
  readonly allowedReturnOrigins: readonly string[];
  /** The domain the session cookie is shared with (SESAME_COOKIE_DOMAIN, checked), or undefined: Sesame's host only. */
  readonly cookieDomain: string | undefined;
  readonly logLevel: LogLevel;
  /** Undefined: decided by the database mode (on when embedded). */
  readonly demo: boolean | undefined;
  readonly demoPort: number;
  readonly providerTimeoutMs: number;
  /** Microsoft Graph, where Entra ID's overage groups are read (SESAME_GRAPH_URL; a stand-in in tests). */
  readonly graphUrl: string;
  readonly metricsToken: string | undefined;
  /** Opening a database connection or waiting for a free one. */
  readonly databaseConnectTimeoutMs: number;
  /** statement_timeout of every database connection. */
  readonly databaseStatementTimeoutMs: number;
  /** How long the client waits for any database answer. */
  readonly databaseQueryTimeoutMs: number;
  /** How long GET /auth/check waits for the database on an uncached cookie. */
  readonly forwardAuthDatabaseTimeoutMs: number;
}

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export type ConfigResult = { readonly ok: true; readonly config: Config } | { readonly ok: false; readonly errors: readonly string[] };

type Env = Readonly<Record<string, string | undefined>>;

/** Parses the environment; every problem is reported as "NAME: what is wrong". */
const ADMIN_TOKEN_RULE = 'must be 24 to 200 characters of visible ASCII without spaces, any format (try: openssl rand -hex 32)';

export function parseConfig(env: Env): ConfigResult {
  const errors: string[] = [];
  const read = <T>(name: string, fallback: T, parse: (raw: string) => T | string): T => {
    const raw = env[name]?.trim();
    if (raw === undefined || raw === '') return fallback;
    const parsed = parse(raw);
    if (typeof parsed === 'string' && parsed.startsWith('!')) {
      errors.push(`${name}: ${parsed.slice(1)}`);
      return fallback;
    }
    return parsed as T;
  };

  const port = read('PORT', 3000, parsePort);
  const host = read('HOST', '0.0.0.0', (raw) => raw);
  const publicUrl = read('PUBLIC_URL', `http://localhost:${port}`, parsePublicUrl);
  const databaseUrl = read<string | undefined>('DATABASE_URL', undefined, parseDatabaseUrl);
  const secretKey = read<string | undefined>('SESAME_SECRET_KEY', undefined, (raw) =>
    raw.length < 32 ? '!must be at least 32 characters (try: openssl rand -base64 32)' : raw,
  );
  if (databaseUrl !== undefined && secretKey === undefined && !errors.some((e) => e.startsWith('SESAME_SECRET_KEY'))) {
    errors.push('SESAME_SECRET_KEY: is required when DATABASE_URL is set (try: openssl rand -base64 32)');
  }
  // Any string a Bearer header can carry: 24 to 200 visible ASCII characters, no spaces.
  const adminToken = read<string | undefined>('SESAME_ADMIN_TOKEN', undefined, (raw) =>
    /^[\x21-\x7e]{24,200}$/.test(raw) ? raw : `!${ADMIN_TOKEN_RULE}`,
  );

  const config: Config = {
    port,
    host,
    publicUrl,
    databaseUrl,
    dataDir: read('SESAME_DATA_DIR', './data', (raw) => raw),
    secretKey,
    secretKeyPrevious: read('SESAME_SECRET_KEY_PREVIOUS', [], parsePreviousKeys),
    adminToken,
    allowInsecureProviders: read('SESAME_ALLOW_INSECURE_PROVIDERS', false, parseBoolean),
    trustedProxies: read('SESAME_TRUSTED_PROXIES', [], parseCidrList),
    allowedReturnOrigins: read('SESAME_ALLOWED_RETURN_ORIGINS', [], parseOriginList),
    cookieDomain: read<string | undefined>('SESAME_COOKIE_DOMAIN', undefined, (raw) => {
      const checked = checkCookieDomain(raw, publicUrl);
      return checked.ok ? checked.domain : `!${checked.reason}`;
    }),
    logLevel: read<LogLevel>('LOG_LEVEL', 'info', (raw) =>
      (LOG_LEVELS as readonly string[]).includes(raw) ? raw : `!must be one of ${LOG_LEVELS.join(', ')}`,
    ),
    demo: read<boolean | undefined>('SESAME_DEMO', undefined, parseBoolean),
    demoPort: read('SESAME_DEMO_PORT', 3001, parsePort),
    providerTimeoutMs: read('SESAME_PROVIDER_TIMEOUT_MS', 10_000, (raw) => {
      const ms = Number(raw);
      return Number.isInteger(ms) && ms >= 100 && ms <= 120_000 ? ms : '!must be a whole number of milliseconds from 100 to 120000';
    }),
    graphUrl: read('SESAME_GRAPH_URL', 'https://graph.microsoft.com', parseGraphUrl),
    metricsToken: read<string | undefined>('SESAME_METRICS_TOKEN', undefined, (raw) =>
      raw.length < 16 ? '!must be at least 16 characters' : raw,
    ),
    databaseConnectTimeoutMs: read('SESAME_DB_CONNECT_TIMEOUT_MS', 10_000, milliseconds(100, 60_000)),
    databaseStatementTimeoutMs: read('SESAME_DB_STATEMENT_TIMEOUT_MS', 10_000, milliseconds(100, 600_000)),
    databaseQueryTimeoutMs: read('SESAME_DB_QUERY_TIMEOUT_MS', 12_000, milliseconds(100, 600_000)),
    forwardAuthDatabaseTimeoutMs: read('SESAME_FORWARD_AUTH_DB_TIMEOUT_MS', 2_000, milliseconds(100, 60_000)),
  };
  return errors.length > 0 ? { ok: false, errors } : { ok: true, config };
}

function milliseconds(min: number, max: number): (raw: string) => number | string {
  return (raw) => {
    const ms = Number(raw);
    return /^\d+$/.test(raw) && ms >= min && ms <= max ? ms : `!must be a whole number of milliseconds from ${min} to ${max}, got "${raw}"`;
  };
}

function parsePort(raw: string): number | string {
  const port = Number(raw);
  return /^\d+$/.test(raw) && port >= 1 && port <= 65535 ? port : `!must be a whole number from 1 to 65535, got "${raw}"`;
}

/** Comma-separated; each is checked like SESAME_SECRET_KEY, and named by position so no key is printed. */
function parsePreviousKeys(raw: string): string[] | string {
  const keys = raw.split(',').map((key) => key.trim());
  const short = keys.flatMap((key, i) => (key.length < 32 ? [i + 1] : []));
  if (short.length > 0) return `!every key must be at least 32 characters (too short: key number ${short.join(', ')})`;
  return keys;
}

function parseBoolean(raw: string): boolean | string {
  const value = raw.toLowerCase();
  if (['true', '1', 'yes', 'on'].includes(value)) return true;
  if (['false', '0', 'no', 'off'].includes(value)) return false;
  return `!must be true or false, got "${raw}"`;
}

function parsePublicUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return '!must be an absolute http(s) URL such as https://sso.example.com';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return '!must start with http:// or https://';
  if (url.search || url.hash || url.username) return '!must not have a query, fragment or credentials';
  return url.origin + url.pathname.replace(/\/+$/, '');
}

function parseDatabaseUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return '!must be a URL such as postgres://user:password@host:5432/database';
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') return '!must start with postgres:// or postgresql://';
  if (!url.hostname) return '!must name a host';
  return raw;
}

function parseCidrList(raw: string): string[] | string {
  const items = splitList(raw);
  const bad = items.filter((item) => !isCidr(item));
  return bad.length > 0 ? `!not an IP address or CIDR range: ${bad.join(', ')}` : items;
}

/** Sesame sends people's access tokens there: https, or http only on loopback (a local stand-in). */
function parseGraphUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return '!must be an absolute URL';
  }
  const loopback = url.hostname === '127.0.0.1' || url.hostname === 'localhost' || url.hostname === '[::1]';
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) return '!must use https (http only on a loopback address)';
  if (url.username || url.password || url.search || url.hash) return '!must not contain credentials, a query or a fragment';
  return url.href.replace(/\/$/, '');
}

function parseOriginList(raw: string): string[] | string {
  const items = splitList(raw);
  const origins: string[] = [];
  for (const item of items) {
    try {
      const url = new URL(item);
      if ((url.protocol !== 'https:' && url.protocol !== 'http:') || url.origin !== item.replace(/\/$/, '')) {
        return `!"${item}" is not an origin (scheme://host[:port], nothing after it)`;
      }
      origins.push(url.origin);
    } catch {
      return `!"${item}" is not an origin (scheme://host[:port])`;
    }
  }
  return origins;
}

function splitList(raw: string): string[] {
  return raw
    .split(/[,;\s]+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

export function isCidr(value: string): boolean {
  const [address, bits, ...rest] = value.split('/');
  if (rest.length > 0 || address === undefined) return false;
  const family = isIP(address);
  if (family === 0) return false;
  if (bits === undefined) return true;
  const n = Number(bits);
  return /^\d+$/.test(bits) && n >= 0 && n <= (family === 4 ? 32 : 128);
}
