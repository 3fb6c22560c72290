import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, ApiResponse } from '@nestjs/swagger';

export class FieldErrorDto {
  @ApiProperty({ example: 'email' }) field: string;
  @ApiProperty({ example: 'email must be an email' }) reason: string;
}

export class ErrorResponseDto {
  @ApiProperty({ example: 400 }) statusCode: number;
  @ApiProperty({ example: 'VALIDATION_FAILED' }) code: string;
  @ApiProperty() message: string;
  @ApiProperty({ description: 'Quote it when asking for help: it is in the log line of the request' }) requestId: string;
  @ApiPropertyOptional({ type: [FieldErrorDto] }) errors?: FieldErrorDto[];
  @ApiPropertyOptional({ description: 'The field a conflict is about' }) field?: string;
}

/** The error answers every admin endpoint can give. */
export function AdminErrorResponses() {
  return applyDecorators(
    ApiResponse({ status: 400, description: 'Invalid input: each field and its reason', type: ErrorResponseDto }),
    ApiResponse({ status: 401, description: 'No valid API token', type: ErrorResponseDto }),
    ApiResponse({ status: 403, description: 'The token may not do this (read scope, network)', type: ErrorResponseDto }),
  );
}
