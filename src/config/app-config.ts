import type { DatabaseTimeouts } from '../common/database-timeouts.js';
import type { Config } from './config.js';

/**
 * The resolved configuration the running app is built with: the parsed environment plus what
 * start-up decided (the database URL, the secret key). Injected by class.
 */
export class AppConfig implements Config {
  readonly port: number;
  readonly host: string;
  readonly publicUrl: string;
  readonly databaseUrl: string;
  readonly dataDir: string;
  readonly secretKey: string;
  readonly secretKeyPrevious: readonly string[];
  readonly adminToken: string | undefined;
  readonly allowInsecureProviders: boolean;
  readonly trustedProxies: readonly string[];
  readonly allowedReturnOrigins: readonly string[];
  readonly cookieDomain: string | undefined;
  readonly logLevel: Config['logLevel'];
  readonly demo: boolean | undefined;
  readonly demoPort: number;
  readonly providerTimeoutMs: number;
  readonly graphUrl: string;
  readonly metricsToken: string | undefined;
  readonly databaseConnectTimeoutMs: number;
  readonly databaseStatementTimeoutMs: number;
  readonly databaseQueryTimeoutMs: number;
  readonly forwardAuthDatabaseTimeoutMs: number;
  /** True when the database is the embedded one (one process, no other instance). */
  readonly embeddedDatabase: boolean;
  /** Size of the database connection pool. */
  readonly databasePoolSize: number;

  constructor(values: Omit<AppConfig, 'publicOrigin' | 'secureCookies' | 'databaseTimeouts'>) {
    Object.assign(this, values);
  }

  /** The timeouts of every database connection Sesame opens. */
  get databaseTimeouts(): DatabaseTimeouts {
    return { connectMs: this.databaseConnectTimeoutMs, statementMs: this.databaseStatementTimeoutMs, queryMs: this.databaseQueryTimeoutMs };
  }

  get publicOrigin(): string {
    return new URL(this.publicUrl).origin;
  }

  /** Cookies are Secure (and `__Host-` prefixed) when browsers reach Sesame over https. */
  get secureCookies(): boolean {
    return this.publicUrl.startsWith('https://');
  }
}
