import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { ProviderService, type Provider } from '../../provider/index.js';
import { ScimRepository } from '../infrastructure/scim.repository.js';

const TOKEN_PREFIX = 'scim_';
const MAX_TOKEN_LENGTH = 200;
const SLUG = /^[a-z0-9-]{2,40}$/;

/**
 * One SCIM bearer token per provider: it opens only that provider's /scim/v2 endpoints (never
 * the admin API, whose tokens open no SCIM endpoint). Kept as a SHA-256 hash (the token is 256
 * random bits, so a fast hash is enough); shown once, when it is made.
 */
@Injectable()
export class ScimTokensService {
  constructor(
    private readonly scim: ScimRepository,
    private readonly providers: ProviderService,
  ) {}

  /** A new token for the provider (named by id or slug); the previous one stops working at once. */
  async rotate(idOrSlug: string): Promise<{ providerId: string; token: string }> {
    const { id: providerId } = await this.providers.resolve(idOrSlug);
    const token = TOKEN_PREFIX + randomBytes(32).toString('base64url');
    await this.scim.replaceToken(providerId, token);
    return { providerId, token };
  }

  /** The provider the token belongs to, when it is the token of the provider with this slug. */
  async authenticate(slug: string, authorization: string | undefined): Promise<Provider | null> {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
    const token = match?.[1];
    // A slug is what providers' slugs may be (the providers table's check); anything else names none.
    if (!token || token.length > MAX_TOKEN_LENGTH || !SLUG.test(slug)) return null;
    const found = await this.providers.findBySlug(slug);
    if (!found) return null;
    const providerId = await this.scim.tokenProvider(token);
    return providerId === found.provider.id ? found.provider : null;
  }
}
