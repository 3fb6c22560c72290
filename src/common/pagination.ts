import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { invalid } from './domain-error.js';
import { IntQuery } from './validation.js';

export class PageQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50 })
  @IsOptional()
  @IntQuery()
  @IsInt()
  @Min(1)
  @Max(200)
  limit: number = 50;

  @ApiPropertyOptional({ description: 'The nextCursor of the previous page' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  cursor?: string;

  @ApiPropertyOptional({ description: 'Prefix of the name (users: username, email or display name)' })
  @IsOptional()
  @IsString()
  @MaxLength(255)
  search?: string;
}

export interface Page<T> {
  items: T[];
  /** Pass as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
}

/** Keyset pagination: the cursor is the sort key of the last row, opaque to clients. */
export function encodeCursor(key: readonly string[]): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

export function decodeCursor(cursor: string, parts: number): string[] {
  try {
    const key: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(key) && key.length === parts && key.every((k) => typeof k === 'string')) return key;
  } catch {
    // falls through to the error below
  }
  throw invalid('cursor', 'is not a cursor returned by this list');
}

/** Escapes LIKE wildcards so a search for "a_b" finds "a_b", not "axb". */
export function likePrefix(search: string): string {
  return search.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`) + '%';
}
