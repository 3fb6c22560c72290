import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { DomainError } from '../../common/domain-error.js';
import type { ApiPrincipal } from './api-token.service.js';

/** Controller parameter: the token calling the admin API, as the bearer guard set it. */
export const ApiCaller = createParamDecorator(
  (_data: unknown, context: ExecutionContext): ApiPrincipal | undefined =>
    context.switchToHttp().getRequest<FastifyRequest & { user?: ApiPrincipal }>().user,
);

/**
 * For a read that hands out secrets (sealed or not): a read token may see the configuration,
 * never what would let it act as Sesame at a provider.
 */
export function requireAdminScope(caller: ApiPrincipal | undefined, what: string): void {
  if (caller?.scope === 'admin') return;
  throw new DomainError('FORBIDDEN', `${what} needs an API token with scope "admin"; this token has scope "${caller?.scope ?? 'none'}"`);
}
