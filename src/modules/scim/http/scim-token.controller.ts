import { Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiParam, ApiProperty, ApiTags } from '@nestjs/swagger';
import { ApiDoc } from '../../../common/swagger.js';
import { AuditContext, AuditService, type AuditRequestContext } from '../../audit/index.js';
import { ScimTokensService } from '../application/scim-tokens.service.js';

export class ScimTokenDto {
  @ApiProperty({ description: "The provider's SCIM bearer token. Shown only now; Sesame keeps only its hash.", example: 'scim_3q2-7w…' })
  token: string;
}

@ApiTags('providers')
@ApiBearerAuth()
@Controller('api/admin/providers/:idOrSlug/scim-token')
export class ScimTokenController {
  constructor(
    private readonly tokens: ScimTokensService,
    private readonly audit: AuditService,
  ) {}

  @Post()
  @HttpCode(200)
  @ApiDoc({
    summary: "Make the provider's SCIM token",
    description:
      "A new bearer token for /scim/v2/{slug}, the provider's SCIM 2.0 endpoint (Users, Groups). It opens only that endpoint, never the admin API. " +
      'The previous token of this provider stops working at once. The token is in this answer only.',
    errors: { 404: 'No provider has that id or slug' },
  })
  @ApiParam({ name: 'idOrSlug', description: 'The provider’s id or its slug', example: 'corporate' })
  @ApiOkResponse({ type: ScimTokenDto })
  async rotate(@Param('idOrSlug') idOrSlug: string, @AuditContext() context: AuditRequestContext): Promise<ScimTokenDto> {
    const { providerId: id, token } = await this.tokens.rotate(idOrSlug);
    await this.audit.recordAdminChange({
      ...context,
      action: 'update',
      entity: 'scim_token',
      entityId: id,
      before: null,
      after: { providerId: id, rotated: true },
    });
    return { token };
  }
}
