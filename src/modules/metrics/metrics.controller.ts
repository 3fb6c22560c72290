import { createHash, timingSafeEqual } from 'node:crypto';
import { Controller, Get, Headers, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProduces, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { ApiDoc } from '../../common/swagger.js';
import type { FastifyReply } from 'fastify';
import { AppConfig } from '../../config/index.js';
import { DomainError } from '../../common/domain-error.js';
import { MetricsService } from './metrics.service.js';

const digest = (value: string) => createHash('sha256').update(value).digest();

@ApiTags('operations')
@Controller('metrics')
export class MetricsController {
  /** Compared as digests: equal lengths for timingSafeEqual, and the token's length does not leak. */
  private readonly tokenDigest: Buffer | undefined;

  constructor(
    private readonly metrics: MetricsService,
    config: AppConfig,
  ) {
    this.tokenDigest = config.metricsToken ? digest(config.metricsToken) : undefined;
  }

  @Get()
  @ApiDoc({
    public: true,
    summary: 'Prometheus metrics',
    description:
      'Request, login and forward-auth counters and latencies in the Prometheus text format. With SESAME_METRICS_TOKEN set, it needs that token as a bearer token.',
  })
  @ApiBearerAuth()
  @ApiProduces('text/plain')
  @ApiOkResponse({ description: 'Prometheus text format' })
  @ApiUnauthorizedResponse({ description: 'SESAME_METRICS_TOKEN is set and the request does not carry it as a bearer token' })
  async scrape(@Headers('authorization') authorization: string | undefined, @Res() reply: FastifyReply): Promise<void> {
    if (!this.authorized(authorization)) {
      reply.header('www-authenticate', 'Bearer realm="metrics"');
      throw new DomainError('UNAUTHENTICATED', 'The metrics need the bearer token set in SESAME_METRICS_TOKEN');
    }
    const body = await this.metrics.scrape();
    await reply.header('content-type', this.metrics.contentType).header('cache-control', 'no-store').send(body);
  }

  private authorized(authorization: string | undefined): boolean {
    if (!this.tokenDigest) return true;
    const match = /^Bearer +(\S+)\s*$/i.exec(authorization ?? '');
    return match !== null && timingSafeEqual(digest(match[1]!), this.tokenDigest);
  }
}
