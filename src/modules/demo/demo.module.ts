import { Inject, Module, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import type { Logger } from 'pino';
import { randomBytes } from 'node:crypto';
import { AppConfig } from '../../config/index.js';
import { LOGGER } from '../../common/logger.js';
import { GroupMappingModule, GroupMappingService, defaultGroupMapping } from '../group-mapping/index.js';
import { LookAndFeelModule, LookAndFeelService } from '../look-and-feel/index.js';
import { OidcClients, ProviderModule, ProviderService } from '../provider/index.js';
import { DEMO_USERS, startDemoIdentityProvider, type DemoIdentityProvider } from './demo-identity-provider.js';

const SLUG = 'demo';

/**
 * The out-of-the-box demo: a real OpenID Provider on loopback with alice and bob, registered as
 * provider "demo", so `npm start` alone shows a whole sign-in. On by default with the embedded
 * database only; SESAME_DEMO=false turns it off.
 */
@Module({ imports: [ProviderModule, GroupMappingModule, LookAndFeelModule] })
export class DemoModule implements OnApplicationBootstrap, OnModuleDestroy {
  private idp: DemoIdentityProvider | undefined;

  constructor(
    private readonly config: AppConfig,
    private readonly providers: ProviderService,
    private readonly clients: OidcClients,
    private readonly groupMappings: GroupMappingService,
    private readonly lookAndFeel: LookAndFeelService,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!(this.config.demo ?? this.config.embeddedDatabase)) return;
    const clientSecret = randomBytes(24).toString('base64url');
    try {
      this.idp = await startDemoIdentityProvider({
        port: this.config.demoPort,
        users: DEMO_USERS,
        clients: [
          {
            clientId: 'sesame-demo',
            clientSecret,
            redirectUris: [`${this.config.publicUrl}/sso/${SLUG}/callback`],
            postLogoutRedirectUris: [`${this.config.publicUrl}/logout/done`],
            backchannelLogoutUri: `${this.config.publicUrl}/sso/${SLUG}/backchannel-logout`,
          },
        ],
      });
    } catch (error) {
      this.logger.warn(
        { err: error, port: this.config.demoPort },
        'the demo identity provider could not start (SESAME_DEMO_PORT in use?); continuing without it',
      );
      return;
    }
    this.clients.trustOwnIssuer(this.idp.issuer);
    const fields = {
      displayName: 'Demo provider',
      kind: 'oidc' as const,
      preset: 'generic' as const,
      issuer: this.idp.issuer,
      clientId: 'sesame-demo',
      clientSecret,
      scopes: ['openid', 'profile', 'email', 'groups'],
      logoutAtProvider: true,
    };
    const existing = (await this.providers.list()).find((p) => p.slug === SLUG);
    if (existing) {
      await this.providers.update(existing.id, fields);
    } else {
      const created = await this.providers.create({ slug: SLUG, ...fields });
      // The demo people's groups become local groups, so the first sign-in shows group mapping at work.
      const defaults = defaultGroupMapping();
      await this.groupMappings.put(created.id, {
        ...defaults,
        assignDefaultGroupsTo: 'none',
        mode: 'on-the-fly',
        onTheFly: { ...defaults.onTheFly, createMissingGroups: true, keepExistingGroups: false },
      });
      await this.listDemoLinks();
    }
    this.logger.info(
      { issuer: this.idp.issuer },
      `Demo identity provider running: open ${this.config.publicUrl}/login and sign in as alice or bob. Turn it off with SESAME_DEMO=false.`,
    );
  }

  /** The home page after the demo sign-in shows where to go next; an administrator's own links are never replaced. */
  private async listDemoLinks(): Promise<void> {
    const settings = await this.lookAndFeel.get();
    if (settings.homeLinks.length > 0) return;
    const base = this.config.publicUrl;
    await this.lookAndFeel.update({
      ...settings,
      homeLinks: [
        { name: 'Swagger UI', url: `${base}/api/docs`, description: 'The admin API (needs the admin token from the log)', groups: [] },
        { name: 'Who am I', url: `${base}/api/me`, description: 'What Sesame tells applications about you, as JSON', groups: [] },
      ],
    });
  }

  async onModuleDestroy(): Promise<void> {
    await this.idp?.close();
  }
}
