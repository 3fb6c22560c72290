import { Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiParam, ApiProperty, ApiTags } from '@nestjs/swagger';
import { ApiDoc } from '../../../common/swagger.js';
import { UuidPipe } from '../../../common/validation.js';
import { ProviderService } from '../../provider/index.js';
import { UsersService } from '../../directory/index.js';
import { ResyncService, type ResyncReport } from '../application/resync/resync.service.js';
import type { ResyncResult } from '../domain/resync-schedule.js';

const RESULTS: ResyncResult[] = ['changed', 'unchanged', 'ended', 'failed', 'skipped'];

export class ResyncReportDto implements ResyncReport {
  @ApiProperty({ format: 'uuid' }) providerId: string;
  @ApiProperty({ format: 'uuid' }) userId: string;
  @ApiProperty({
    enum: RESULTS,
    description:
      'changed: profile or groups were updated; unchanged; ended: the provider refused the refresh token (invalid_grant) or a login would now be refused, so the sessions ended; failed: tried again later; skipped: nothing to re-check (nobody signed in, re-sync off)',
  })
  result: ResyncResult;
  @ApiProperty({ description: 'The rule that decided', example: 'linked: the identity link' }) rule: string;
  @ApiProperty({ type: [String], description: 'Groups added, each with the mapping rule' }) groupsAdded: string[];
  @ApiProperty({ type: [String], description: 'Groups removed, each with the mapping rule' }) groupsRemoved: string[];
  @ApiProperty({ type: [String], description: 'Profile fields that changed' }) profileChanged: string[];
}

/** How many re-syncs came to each result: every result, 0 when none did. */
export class ResyncCountsDto implements Record<ResyncResult, number> {
  @ApiProperty({ type: 'integer', example: 1 }) changed: number;
  @ApiProperty({ type: 'integer', example: 3 }) unchanged: number;
  @ApiProperty({ type: 'integer', example: 0 }) ended: number;
  @ApiProperty({ type: 'integer', example: 0 }) failed: number;
  @ApiProperty({ type: 'integer', example: 0 }) skipped: number;
}

export class ResyncAnswerDto {
  @ApiProperty({ type: ResyncCountsDto, description: 'How many re-syncs came to each result' }) counts: ResyncCountsDto;
  @ApiProperty({ type: [ResyncReportDto] }) results: ResyncReportDto[];
}

const DESCRIPTION =
  'Re-checks now, at the provider, the people who signed in through a provider with re-sync on (refresh token, claims, the same user and group mapping as a login) and answers what happened to each. ' +
  'A person another Sesame instance is re-checking at this moment is left to it. Every outcome is an audit event of type `resync`.';

@ApiTags('sessions')
@ApiBearerAuth()
@Controller('api/admin')
export class ResyncController {
  constructor(
    private readonly resync: ResyncService,
    private readonly providers: ProviderService,
    private readonly users: UsersService,
  ) {}

  @Post('users/:id/resync')
  @HttpCode(200)
  @ApiDoc({ summary: 'Re-sync a user now', description: DESCRIPTION, errors: { 400: 'The id is not a UUID', 404: 'No user has that id' } })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOkResponse({ type: ResyncAnswerDto })
  async user(@Param('id', UuidPipe) id: string): Promise<ResyncAnswerDto> {
    await this.users.get(id);
    return answer(await this.resync.resyncUser(id));
  }

  @Post('providers/:idOrSlug/resync')
  @HttpCode(200)
  @ApiDoc({
    summary: 'Re-sync everyone signed in through a provider now',
    description: DESCRIPTION,
    errors: { 404: 'No provider has that id or slug' },
  })
  @ApiParam({ name: 'idOrSlug', description: 'The provider’s id or its slug', example: 'corporate' })
  @ApiOkResponse({ type: ResyncAnswerDto })
  async provider(@Param('idOrSlug') idOrSlug: string): Promise<ResyncAnswerDto> {
    const provider = await this.providers.resolve(idOrSlug);
    return answer(await this.resync.resyncProvider(provider.id));
  }
}

function answer(reports: readonly ResyncReport[]): ResyncAnswerDto {
  const counts = Object.fromEntries(RESULTS.map((r) => [r, 0])) as Record<ResyncResult, number>;
  for (const report of reports) counts[report.result]++;
  return {
    counts,
    results: reports.map((r) => ({
      ...r,
      groupsAdded: [...r.groupsAdded],
      groupsRemoved: [...r.groupsRemoved],
      profileChanged: [...r.profileChanged],
    })),
  };
}
