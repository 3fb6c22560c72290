import { Catch, Injectable, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { ScimResponder, type ScimRequest } from './scim-responder.js';

/** Every error of a SCIM route (guard, pipes, services) in the SCIM error schema, never Sesame's JSON or error page. */
@Catch()
@Injectable()
export class ScimErrorFilter implements ExceptionFilter {
  constructor(private readonly responder: ScimResponder) {}

  async catch(exception: unknown, host: ArgumentsHost): Promise<void> {
    const http = host.switchToHttp();
    await this.responder.fail(http.getRequest<ScimRequest>(), http.getResponse<FastifyReply>(), exception);
  }
}
