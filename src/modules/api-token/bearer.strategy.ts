import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { Strategy } from 'passport-http-bearer';
import { ApiTokenService, type ApiPrincipal } from './api-token.service.js';

@Injectable()
export class BearerStrategy extends PassportStrategy(Strategy, 'bearer') {
  constructor(private readonly apiTokens: ApiTokenService) {
    super();
  }

  /** Returning false makes passport answer 401. */
  async validate(token: string): Promise<ApiPrincipal | false> {
    return (await this.apiTokens.verify(token)) ?? false;
  }
}
