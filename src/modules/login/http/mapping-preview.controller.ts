import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsObject, IsOptional, IsString, MaxLength } from 'class-validator';
import { ApiDoc, ApiJsonBody } from '../../../common/swagger.js';
import { ProviderService } from '../../provider/index.js';
import { LoginFlowService } from '../application/login-flow.service.js';
import { MappingPreviewResultDto } from './mapping-preview.dto.js';

export class MappingPreviewDto {
  @ApiProperty({ example: 'corporate', description: 'The provider, by id or slug' })
  @IsString()
  @MaxLength(100)
  providerId: string;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'The claims as the provider would send them (ID token and userinfo merged): any names, nested objects and lists',
    example: { sub: '123', preferred_username: 'jane', email: 'jane@example.com', email_verified: true, groups: ['dev'] },
  })
  @IsObject()
  claims: Record<string, unknown>;
  @ApiPropertyOptional({ description: 'Overrides the username the mapping reads from the claims' })
  @IsOptional()
  @IsString()
  @MaxLength(255)
  username?: string;
}

@ApiTags('user profile')
@ApiBearerAuth()
@Controller('api/admin/mapping-preview')
export class MappingPreviewController {
  constructor(
    private readonly flow: LoginFlowService,
    private readonly providers: ProviderService,
  ) {}

  @Post()
  @HttpCode(200)
  @ApiDoc({
    summary: 'Preview a login’s mapping',
    description:
      'Claims in, the user and groups a login through this provider would produce out, with the rule behind each; nothing is written.',
    errors: { 400: true, 404: 'No provider has that id or slug' },
  })
  @ApiJsonBody(MappingPreviewDto, {
    providerId: 'corporate',
    claims: { sub: '123', preferred_username: 'jane', email: 'jane@example.com', email_verified: true, groups: ['engineering'] },
  })
  @ApiOkResponse({
    type: MappingPreviewResultDto,
    description:
      'Whether the sign-in is allowed, the account a login would find or create, each profile field, and the groups it would add, remove, skip and keep, each with the rule that decided it',
  })
  async preview(@Body() body: MappingPreviewDto): Promise<MappingPreviewResultDto> {
    const provider = await this.providers.resolve(body.providerId);
    return this.flow.preview(provider.id, body.claims, body.username);
  }
}
