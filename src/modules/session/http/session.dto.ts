import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, IsUUID, Max, Min } from 'class-validator';
import { IntQuery } from '../../../common/validation.js';

export class SessionQueryDto {
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() userId?: string;
  @ApiPropertyOptional({ default: 100, maximum: 1000 }) @IsOptional() @IntQuery() @IsInt() @Min(1) @Max(1000) limit: number = 100;
}

export class SessionDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) userId: string;
  @ApiProperty() username: string;
  @ApiPropertyOptional({ nullable: true, type: String }) providerId: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) providerSlug: string | null;
  @ApiProperty({ enum: ['sso', 'backdoor'] }) method: string;
  @ApiProperty() rememberMe: boolean;
  @ApiProperty() createdAt: Date;
  @ApiProperty() lastSeenAt: Date;
  @ApiProperty() expiresAt: Date;
  @ApiPropertyOptional({ nullable: true, type: String }) ip: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) userAgent: string | null;
}

export class MeDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() username: string;
  @ApiPropertyOptional({ nullable: true, type: String }) email: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) displayName: string | null;
  @ApiProperty({ type: [String] }) groups: string[];
  @ApiProperty({ enum: ['sso', 'backdoor'] }) method: string;
  @ApiProperty() sessionExpiresAt: Date;
}
