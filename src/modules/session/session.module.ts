import { Inject, Module, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { PassportModule } from '@nestjs/passport';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { AppConfig } from '../../config/index.js';
import { LOGGER } from '../../common/logger.js';
import { DirectoryModule } from '../directory/index.js';
import { ProviderModule } from '../provider/index.js';
import { SignInModule } from '../sign-in/index.js';
import { MetricsModule, MetricsService } from '../metrics/index.js';
import { AccessRulesModule, AccessRulesService } from '../access-rules/index.js';
import { LookAndFeelModule, LookAndFeelService, PageRenderer } from '../look-and-feel/index.js';
import { forbiddenPage } from './http/forbidden-page.js';
import { SessionsService } from './application/sessions.service.js';
import { SessionsRepository } from './infrastructure/sessions.repository.js';
import { UsedLogoutTokensRepository } from './infrastructure/used-logout-tokens.repository.js';
import { SessionAuthenticator } from './application/session-authenticator.js';
import { IdTokensReseal } from './application/id-tokens-reseal.js';
import { BackchannelLogout } from './application/backchannel-logout.js';
import { LogoutFlow } from './application/logout-flow.service.js';
import { LogoutController } from './http/logout.controller.js';
import { SessionRotation } from './http/session-rotation.js';
import { SessionStrategy } from './http/session.strategy.js';
import { SessionsController } from './http/sessions.controller.js';
import { MeController } from './http/me.controller.js';
import { registerForwardAuth } from './http/forward-auth.js';
import { LiveSessionsRepository } from './infrastructure/live-sessions.repository.js';

@Module({
  imports: [PassportModule, DirectoryModule, LookAndFeelModule, ProviderModule, SignInModule, MetricsModule, AccessRulesModule],
  providers: [
    SessionsRepository,
    UsedLogoutTokensRepository,
    SessionsService,
    SessionAuthenticator,
    SessionStrategy,
    IdTokensReseal,
    LogoutFlow,
    BackchannelLogout,
    SessionRotation,
    LiveSessionsRepository,
  ],
  controllers: [SessionsController, MeController, LogoutController],
  exports: [SessionsService, SessionAuthenticator, IdTokensReseal, SessionRotation, LiveSessionsRepository],
})
export class SessionModule implements OnModuleInit {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly authenticator: SessionAuthenticator,
    private readonly sessions: SessionsService,
    private readonly config: AppConfig,
    private readonly metrics: MetricsService,
    private readonly accessRules: AccessRulesService,
    private readonly pages: PageRenderer,
    private readonly lookAndFeel: LookAndFeelService,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onModuleInit(): void {
    this.metrics.setActiveSessionsSource(() => this.sessions.countActive());
    // A Nest application context without an HTTP server (the service-tier tests) has no adapter.
    const adapter = this.adapterHost.httpAdapter as typeof this.adapterHost.httpAdapter | null;
    const lane = adapter?.getInstance<FastifyInstance>().fastLane;
    if (!lane) return;
    registerForwardAuth(lane, {
      sessions: this.authenticator,
      rules: this.accessRules,
      forbiddenPage: forbiddenPage(this.pages, this.lookAndFeel, this.config),
      config: this.config,
      logger: this.logger,
      observe: (outcome, seconds) => this.metrics.forwardAuthCheck(outcome, seconds),
    });
  }
}
