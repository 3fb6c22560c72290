import { HttpException, Inject, Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { LOGGER } from '../../../common/logger.js';
import { DomainError } from '../../../common/domain-error.js';
import { DATABASE_RETRY_AFTER_SECONDS, isDatabaseUnavailable, warnDatabaseUnavailable } from '../../../common/database-errors.js';
import { AuditService } from '../../audit/index.js';
import { MetricsService } from '../../metrics/index.js';
import type { Provider } from '../../provider/index.js';
import { errorDocument, type ScimProblem, type ScimType } from '../domain/scim-problem.js';
import type { ScimOutcome } from '../application/scim-users.service.js';

export const SCIM_CONTENT_TYPE = 'application/scim+json; charset=utf-8';

export type ScimRequest = FastifyRequest & { scimProvider?: Provider };

/** Sends SCIM answers and errors, and records each call in the audit log and the metrics. */
@Injectable()
export class ScimResponder {
  constructor(
    private readonly audit: AuditService,
    private readonly metrics: MetricsService,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async respond(
    request: ScimRequest,
    reply: FastifyReply,
    resource: string,
    action: (provider: Provider) => Promise<ScimOutcome>,
  ): Promise<void> {
    const provider = request.scimProvider;
    if (!provider) throw new DomainError('UNAUTHENTICATED', 'The SCIM token is missing or wrong');
    const outcome = await action(provider);
    const version = (outcome.body?.meta as { version?: unknown } | undefined)?.version;
    reply.status(outcome.status).header('cache-control', 'no-store');
    if (typeof version === 'string') reply.header('etag', version);
    if (outcome.status === 201 && typeof (outcome.body?.meta as { location?: unknown })?.location === 'string') {
      reply.header('location', (outcome.body!.meta as { location: string }).location);
    }
    this.record(request, resource, outcome.status, outcome.userId ?? null, null, outcome.details);
    if (outcome.body === null) await reply.send();
    else await reply.type(SCIM_CONTENT_TYPE).send(outcome.body);
  }

  /** Any error, as the SCIM error schema: a DomainError by its code, a database outage as 503, anything else as a logged 500. */
  async fail(request: ScimRequest, reply: FastifyReply, error: unknown): Promise<void> {
    const problem = this.problemOf(error, request);
    this.record(request, resourceOf(request.url), problem.status, null, problem, undefined);
    if (reply.sent) return;
    if (problem.status === 503) reply.header('retry-after', String(DATABASE_RETRY_AFTER_SECONDS));
    if (problem.status === 401) reply.header('www-authenticate', 'Bearer realm="scim"');
    await reply.status(problem.status).header('cache-control', 'no-store').type(SCIM_CONTENT_TYPE).send(errorDocument(problem));
  }

  private problemOf(error: unknown, request: ScimRequest): ScimProblem {
    if (error instanceof DomainError) {
      const details = error.details as { scimStatus?: ScimProblem['status']; scimType?: ScimType } | undefined;
      const status = (details?.scimStatus ?? error.status) as ScimProblem['status'];
      const scimType = details?.scimType ?? (status === 400 ? 'invalidSyntax' : undefined);
      return { status, scimType, detail: error.message };
    }
    if (isDatabaseUnavailable(error)) {
      warnDatabaseUnavailable(this.logger, error);
      return { status: 503, detail: 'The database is unavailable; try again in a few seconds' };
    }
    if (error instanceof HttpException) {
      const status = error.getStatus() as ScimProblem['status'];
      return { status, scimType: status === 400 ? 'invalidSyntax' : undefined, detail: error.message };
    }
    const fastifyStatus = (error as { statusCode?: unknown } | null)?.statusCode;
    if (typeof fastifyStatus === 'number' && fastifyStatus >= 400 && fastifyStatus < 500) {
      return { status: fastifyStatus as ScimProblem['status'], scimType: 'invalidSyntax', detail: 'The request cannot be processed' };
    }
    this.logger.error({ err: error, reqId: request.id, url: request.url }, 'unhandled error in SCIM');
    return { status: 500, detail: `Internal error; quote request id ${String(request.id)}` };
  }

  private record(
    request: ScimRequest,
    resource: string,
    status: number,
    userId: string | null,
    problem: ScimProblem | null,
    details?: Record<string, unknown>,
  ): void {
    const provider = request.scimProvider;
    const slug = provider?.slug ?? (request.params as { slug?: string } | undefined)?.slug?.slice(0, 40) ?? '';
    this.metrics.scimRequest(provider ? provider.slug : 'unknown', resource, request.method, status);
    const userAgent = request.headers['user-agent'];
    void this.audit.record({
      type: 'scim',
      outcome: status < 400 ? 'success' : 'failure',
      code: problem ? (problem.scimType ?? `HTTP_${problem.status}`) : null,
      providerId: provider?.id ?? null,
      providerSlug: slug,
      userId,
      actor: provider ? `scim:${provider.slug}` : null,
      ip: request.ip ?? null,
      userAgent: typeof userAgent === 'string' ? userAgent : null,
      requestId: String(request.id),
      details: {
        method: request.method,
        path: request.url.split('?')[0]!.slice(0, 300),
        status,
        ...(problem ? { detail: problem.detail } : {}),
        ...details,
      },
    });
  }
}

function resourceOf(url: string): string {
  const part = /^\/scim\/v2\/[^/]+\/([A-Za-z]+)/.exec(url)?.[1] ?? '';
  return part === 'Users' || part === 'Groups' ? part : 'Discovery';
}
