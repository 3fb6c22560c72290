import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { ScimTokensService } from '../application/scim-tokens.service.js';
import { scimFailure } from '../application/scim-failure.js';
import type { ScimRequest } from './scim-responder.js';

/** The provider's SCIM token, before anything reads the body: an anonymous caller learns nothing but 401. */
@Injectable()
export class ScimAuthGuard implements CanActivate {
  constructor(private readonly tokens: ScimTokensService) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<ScimRequest>();
    const slug = (request.params as { slug?: unknown }).slug;
    const provider = typeof slug === 'string' ? await this.tokens.authenticate(slug, request.headers.authorization) : null;
    if (!provider)
      throw scimFailure({ status: 401, detail: "The SCIM token is missing or wrong (Authorization: Bearer <the provider's SCIM token>)" });
    request.scimProvider = provider;
    return true;
  }
}
