import { Controller, Delete, Get, HttpCode, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ApiDoc } from '../../../common/swagger.js';
import { UuidPipe } from '../../../common/validation.js';
import { AuditContext, AuditService, type AuditRequestContext } from '../../audit/index.js';
import { IdentityLinkDto, IdentityLinksService } from '../../directory/index.js';
import { SessionsService } from '../../session/index.js';

/**
 * A user's identity links (provider, `sub`). Here rather than in the directory because removing a
 * link also ends the sessions signed in through it, which the session module owns.
 */
@ApiTags('directory')
@ApiBearerAuth()
@Controller('api/admin/users/:id/identities')
export class IdentitiesController {
  constructor(
    private readonly links: IdentityLinksService,
    private readonly sessions: SessionsService,
    private readonly audit: AuditService,
  ) {}

  @Get()
  @ApiDoc({
    summary: 'List a user’s identity links',
    description: 'The provider accounts linked to the user: provider, subject, when linked, last login (never a token).',
    errors: { 400: 'The id is not a UUID', 404: 'No user has that id' },
  })
  @ApiOkResponse({ type: [IdentityLinkDto] })
  list(@Param('id', UuidPipe) id: string): Promise<IdentityLinkDto[]> {
    return this.links.list(id);
  }

  @Delete(':identityId')
  @HttpCode(204)
  @ApiDoc({
    summary: 'Remove an identity link',
    errors: { 400: 'An id is not a UUID', 404: 'No such identity link of this user' },
    description:
      'Removes one identity link (admin scope; audited). ' +
      'Also ends the sessions signed in through that link. The person’s next login through that provider is a first ' +
      'login again: it finds an account by the user mapping’s matchBy, or creates one.',
  })
  @ApiNoContentResponse({ description: 'Link removed, its sessions ended' })
  async remove(
    @Param('id', UuidPipe) id: string,
    @Param('identityId', UuidPipe) identityId: string,
    @AuditContext() context: AuditRequestContext,
  ): Promise<void> {
    const before = await this.links.remove(id, identityId);
    const sessionsEnded = await this.sessions.endForProviderSession(before.providerId, before.subject, undefined);
    await this.audit.recordAdminChange({
      ...context,
      action: 'delete',
      entity: 'identity_link',
      entityId: identityId,
      before: { ...before, userId: id, sessionsEnded },
      after: null,
    });
  }
}
