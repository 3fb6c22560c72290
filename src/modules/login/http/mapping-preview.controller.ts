import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsObject, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { AdminErrorResponses } from '../../../common/swagger.js';
import { LoginFlowService } from '../application/login-flow.service.js';
import type { MappingPreview } from '../application/describe-plan.js';

export class MappingPreviewDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID() providerId: string;
  @ApiProperty({ example: { sub: '123', preferred_username: 'jane', email: 'jane@example.com', email_verified: true, groups: ['dev'] } })
  @IsObject()
  claims: Record<string, unknown>;
  @ApiPropertyOptional({ description: 'Overrides the username the mapping reads from the claims' })
  @IsOptional()
  @IsString()
  @MaxLength(255)
  username?: string;
}

@ApiTags('providers')
@ApiBearerAuth()
@AdminErrorResponses()
@Controller('api/admin/mapping-preview')
export class MappingPreviewController {
  constructor(private readonly flow: LoginFlowService) {}

  @Post()
  @HttpCode(200)
  @ApiOkResponse({
    description: 'The user a login would find or create, its profile, and the groups it would add, remove and create, each with its rule',
  })
  preview(@Body() body: MappingPreviewDto): Promise<MappingPreview> {
    return this.flow.preview(body.providerId, body.claims, body.username);
  }
}
