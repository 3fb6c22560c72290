import { ApiProperty } from '@nestjs/swagger';
import type { TestResult } from '../../provider/index.js';
import { MappingPreviewResultDto } from './mapping-preview.dto.js';

const CLAIMS = { type: 'object', additionalProperties: true, nullable: true } as const;

// The provider module stores the result; the login fills its preview, so the answer is described here.
type TestClaims = TestResult['claims'];

export class TestClaimsDto implements TestClaims {
  @ApiProperty({ ...CLAIMS, description: 'The ID token’s claims; null for an oauth2 provider or a failed test' })
  idToken: Record<string, unknown> | null;
  @ApiProperty({ ...CLAIMS, description: 'What the userinfo endpoint answered; null when it was not called' })
  userinfo: Record<string, unknown> | null;
}

export class TestAttributeDto {
  @ApiProperty({ example: 'address.locality', description: 'The claim path: dots for nested claims, as the mappings name them' })
  path: string;
  @ApiProperty({ example: 'Springfield', description: 'The value as text (lists joined with commas)' }) value: string;
}

type TestError = NonNullable<TestResult['error']>;

export class TestErrorDto implements TestError {
  @ApiProperty({ example: 'SSO_PROVIDER_ERROR' }) code: string;
  @ApiProperty() message: string;
  @ApiProperty({ type: String, nullable: true, example: 'token', description: 'The step of the exchange that failed' })
  step: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'invalid_client', description: 'The provider’s `error`' })
  error: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'The provider’s `error_description`' }) error_description: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'What to check at the provider or in the settings' })
  hint: string | null;
}

/** GET /api/admin/providers/{idOrSlug}/test-result. */
export class TestResultDto implements TestResult<MappingPreviewResultDto | null> {
  @ApiProperty({ description: 'false: the provider refused or the answer could not be used (see `error`)' }) ok: boolean;
  @ApiProperty({ format: 'date-time' }) testedAt: string;
  @ApiProperty({ type: TestClaimsDto }) claims: TestClaimsDto;
  @ApiProperty({ type: [TestAttributeDto], description: 'Every attribute received, flattened; empty when the test failed' })
  attributes: TestAttributeDto[];
  @ApiProperty({ type: TestErrorDto, nullable: true, description: 'Why the test failed; null when it succeeded' })
  error: TestErrorDto | null;
  @ApiProperty({
    type: MappingPreviewResultDto,
    nullable: true,
    description: 'What a login with these claims would do, as POST /api/admin/mapping-preview answers; null when the test failed',
  })
  preview: MappingPreviewResultDto | null;
}
