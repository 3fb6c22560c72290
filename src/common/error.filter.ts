import { Catch, HttpException, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { DATABASE_RETRY_AFTER_SECONDS, isDatabaseUnavailable, warnDatabaseUnavailable } from './database-errors.js';
import { DomainError } from './domain-error.js';
import type { ErrorPageRenderer } from './error-page.js';

/** JSON answers for APIs and machines; every other path is a browser page. */
export function wantsJson(url: string): boolean {
  return /^\/(api|health|metrics|auth\/check|scim)(\/|\?|$)/.test(url) || /^\/sso\/[^/]+\/backchannel-logout/.test(url);
}

interface ErrorBody {
  statusCode: number;
  code: string;
  message: string;
  requestId: string;
  [key: string]: unknown;
}

/** The one place that turns an error into a response. An unexpected error is a 500 and is logged. */
@Catch()
export class ErrorFilter implements ExceptionFilter {
  constructor(
    private readonly logger: Logger,
    private readonly errorPage: () => ErrorPageRenderer,
  ) {}

  async catch(exception: unknown, host: ArgumentsHost): Promise<void> {
    const request = host.switchToHttp().getRequest<FastifyRequest>();
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const unavailable = isDatabaseUnavailable(exception);
    const body = unavailable ? databaseUnavailableBody(request) : this.toBody(exception, request);
    if (unavailable) {
      warnDatabaseUnavailable(this.logger, exception);
    } else if (body.statusCode >= 500 && !(exception instanceof DomainError)) {
      this.logger.error({ err: exception, reqId: request.id, url: request.url }, 'unhandled error');
    }
    if (reply.sent) return;
    if (unavailable) reply.header('retry-after', String(DATABASE_RETRY_AFTER_SECONDS));
    if (wantsJson(request.url)) {
      await reply.status(body.statusCode).header('cache-control', 'no-store').send(body);
      return;
    }
    const page = await this.errorPage().render({
      status: body.statusCode,
      code: body.code,
      message: body.message,
      requestId: body.requestId,
      details: exception instanceof DomainError ? exception.details : undefined,
    });
    await reply
      .status(body.statusCode)
      .headers(page.headers)
      .header('cache-control', 'no-store')
      .type('text/html; charset=utf-8')
      .send(page.html);
  }

  private toBody(exception: unknown, request: FastifyRequest): ErrorBody {
    const requestId = String(request.id);
    if (exception instanceof DomainError) {
      return { statusCode: exception.status, code: exception.code, message: exception.message, requestId, ...exception.details };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const response = exception.getResponse();
      const message =
        typeof response === 'object' && response !== null && 'message' in response ? String(response.message) : exception.message;
      return { statusCode: status, code: codeForStatus(status), message, requestId };
    }
    // Errors raised by Fastify itself (body too large, malformed JSON, unsupported media type).
    const fastifyStatus = (exception as { statusCode?: unknown })?.statusCode;
    if (typeof fastifyStatus === 'number' && fastifyStatus >= 400 && fastifyStatus < 500) {
      // Fastify's own errors (FST_…) have fixed texts; any other error's text is internal.
      const fastifyCode = (exception as { code?: unknown }).code;
      const message =
        typeof fastifyCode === 'string' && fastifyCode.startsWith('FST_')
          ? (exception as Error).message
          : 'The request cannot be processed';
      return { statusCode: fastifyStatus, code: codeForStatus(fastifyStatus), message, requestId };
    }
    return { statusCode: 500, code: 'INTERNAL', message: `Internal error; quote request id ${requestId}`, requestId };
  }
}

/** A database that refuses, drops or does not answer is a 503 the client may retry, not a bug. */
function databaseUnavailableBody(request: FastifyRequest): ErrorBody {
  const requestId = String(request.id);
  return { statusCode: 503, code: 'DATABASE_UNAVAILABLE', message: 'The database is unavailable; try again in a few seconds', requestId };
}

function codeForStatus(status: number): string {
  const codes: Record<number, string> = {
    400: 'BAD_REQUEST',
    401: 'UNAUTHENTICATED',
    403: 'FORBIDDEN',
    404: 'NOT_FOUND',
    405: 'METHOD_NOT_ALLOWED',
    409: 'CONFLICT',
    413: 'PAYLOAD_TOO_LARGE',
    415: 'UNSUPPORTED_MEDIA_TYPE',
    422: 'UNPROCESSABLE',
    429: 'TOO_MANY_REQUESTS',
  };
  return codes[status] ?? (status >= 500 ? 'INTERNAL' : 'BAD_REQUEST');
}
