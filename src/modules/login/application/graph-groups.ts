import { Injectable } from '@nestjs/common';
import { DomainError } from '../../../common/domain-error.js';
import { AppConfig } from '../../../config/index.js';
import { providerFetch } from '../../provider/index.js';
import { readGraphPage, type GraphGroup } from '../domain/group-overage.js';

/** Entra ID's limit is far below this; a longer chain of pages is a loop or an attack. */
const MAX_PAGES = 50;

/**
 * Entra ID's overage groups from Microsoft Graph (`GET /v1.0/me/transitiveMemberOf`, every page,
 * with the access token Entra issued). Any failure is an error, never an empty list: a person's
 * groups are never dropped because Graph could not be read. Graph is called as providers are
 * (`providerFetch`): kept-alive connections, no redirects followed, answers capped in size.
 */
@Injectable()
export class GraphGroups {
  constructor(private readonly config: AppConfig) {}

  async of(accessToken: string | null): Promise<GraphGroup[]> {
    if (!accessToken) throw failure('Entra ID sent no access token to read the groups from Microsoft Graph with');
    const origin = new URL(this.config.graphUrl).origin;
    let next: string | null = `${this.config.graphUrl}/v1.0/me/transitiveMemberOf?$select=id,displayName&$top=999`;
    const groups: GraphGroup[] = [];
    for (let page = 0; next !== null; page++) {
      if (page >= MAX_PAGES) throw failure(`Microsoft Graph answered more than ${MAX_PAGES} pages of groups`);
      const body = await this.get(next, accessToken);
      const read = readGraphPage(body, origin);
      if (!read.ok) throw failure(`Microsoft Graph's group list is not valid: ${read.reason}`);
      groups.push(...read.groups);
      next = read.next;
    }
    return groups;
  }

  private async get(url: string, accessToken: string): Promise<unknown> {
    let response: Response;
    try {
      response = await providerFetch(url, {
        headers: { authorization: `Bearer ${accessToken}`, accept: 'application/json' },
        signal: AbortSignal.timeout(this.config.providerTimeoutMs),
      });
    } catch (error) {
      throw failure(`Microsoft Graph could not be reached (${(error as Error).name})`);
    }
    if (!response.ok) throw failure(`Microsoft Graph answered HTTP ${response.status} to the group list`);
    return response.json().catch(() => null);
  }
}

function failure(message: string): DomainError {
  return new DomainError('SSO_PROVIDER_ERROR', message, { step: 'userinfo', error: null, error_description: null, hint: null });
}
