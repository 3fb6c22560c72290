import { Inject, Module, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { PassportModule } from '@nestjs/passport';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { AppConfig } from '../../config/index.js';
import { LOGGER } from '../../common/logger.js';
import { DirectoryModule } from '../directory/index.js';
import { LookAndFeelModule } from '../look-and-feel/index.js';
import { ProviderModule } from '../provider/index.js';
import { SignInModule } from '../sign-in/index.js';
import { MetricsModule, MetricsService } from '../metrics/index.js';
import { SessionsService } from './application/sessions.service.js';
import { SessionAuthenticator } from './application/session-authenticator.js';
import { IdTokensReseal } from './application/id-tokens-reseal.js';
import { BackchannelLogout } from './application/backchannel-logout.js';
import { LogoutFlow } from './application/logout-flow.service.js';
import { LogoutController } from './http/logout.controller.js';
import { SessionStrategy } from './http/session.strategy.js';
import { SessionsController } from './http/sessions.controller.js';
import { MeController } from './http/me.controller.js';
import { registerForwardAuth } from './http/forward-auth.js';

@Module({
  imports: [PassportModule, DirectoryModule, LookAndFeelModule, ProviderModule, SignInModule, MetricsModule],
  providers: [SessionsService, SessionAuthenticator, SessionStrategy, IdTokensReseal, LogoutFlow, BackchannelLogout],
  controllers: [SessionsController, MeController, LogoutController],
  exports: [SessionsService, SessionAuthenticator, IdTokensReseal],
})
export class SessionModule implements OnModuleInit {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly authenticator: SessionAuthenticator,
    private readonly sessions: SessionsService,
    private readonly config: AppConfig,
    private readonly metrics: MetricsService,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    registerForwardAuth(fastify, {
      sessions: this.authenticator,
      config: this.config,
      logger: this.logger,
      observe: (outcome, seconds) => this.metrics.forwardAuthCheck(outcome, seconds),
    });
    this.metrics.setActiveSessionsSource(() => this.sessions.countActive());
  }
}
