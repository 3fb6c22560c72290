import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';

const CLAIM_PATH = 'A claim name, or a JMESPath expression such as custom_attributes.Department';

export class UserMappingDto {
  @ApiProperty({ example: 'preferred_username', description: CLAIM_PATH })
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  usernameAttribute: string;
  @ApiProperty({ example: 'email', description: CLAIM_PATH }) @IsString() @IsNotEmpty() @MaxLength(500) emailAttribute: string;
  @ApiProperty({ example: 'given_name' }) @IsString() @IsNotEmpty() @MaxLength(500) firstNameAttribute: string;
  @ApiProperty({ example: 'family_name' }) @IsString() @IsNotEmpty() @MaxLength(500) lastNameAttribute: string;
  @ApiPropertyOptional({ example: 'name', nullable: true, type: String, description: 'null: first and last name joined' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  displayNameAttribute: string | null = null;
  @ApiProperty({ enum: ['username', 'email'], description: 'How a first login finds an existing account (seed 3.3)' })
  @IsIn(['username', 'email'])
  matchBy: 'username' | 'email';
  @ApiProperty({ description: 'Create users who have no account yet (seed 3.2)' }) @IsBoolean() allowUserCreation: boolean;
  @ApiProperty({ description: 'false = read-only directory: logins never change existing profiles' })
  @IsBoolean()
  updateProfileOnLogin: boolean;
  @ApiProperty({ description: 'Accept the email as verified without email_verified=true' }) @IsBoolean() trustEmail: boolean;
}
