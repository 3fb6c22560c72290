import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsString, MaxLength } from 'class-validator';
import type { ApiTokenScope } from './api-token.entity.js';

export class CreateApiTokenDto {
  @ApiProperty({ example: 'terraform' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  name: string;

  @ApiProperty({
    enum: ['admin', 'read'],
    description: 'admin: everything; read: GET only, and never secrets (an export with includeSecrets=true needs admin)',
  })
  @IsIn(['admin', 'read'])
  scope: ApiTokenScope;
}

export class ApiTokenDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: ['admin', 'read'] }) scope: ApiTokenScope;
  @ApiProperty({ description: 'ses_… and the first characters of the id, to tell tokens apart (never part of the token)' })
  tokenPrefix: string;
  @ApiProperty() createdAt: Date;
  @ApiPropertyOptional({ nullable: true, type: Date }) lastUsedAt: Date | null;
  @ApiPropertyOptional({ nullable: true, type: Date }) revokedAt: Date | null;
}

export class CreatedApiTokenDto extends ApiTokenDto {
  @ApiProperty({ description: 'The token itself. Shown only in this response: store it now.' })
  token: string;
}
