import { Body, Controller, Get, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AdminErrorResponses, ErrorResponseDto } from '../../../common/swagger.js';
import { SignInSettingsService } from '../application/sign-in-settings.service.js';
import type { SignInSettings } from '../domain/sign-in-settings.js';
import { SignInSettingsDto } from './sign-in-settings.dto.js';

@ApiTags('sign-in-settings')
@ApiBearerAuth()
@AdminErrorResponses()
@Controller('api/admin/sign-in-settings')
export class SignInSettingsController {
  constructor(private readonly settings: SignInSettingsService) {}

  @Get()
  @ApiOkResponse({ type: SignInSettingsDto })
  get(): Promise<SignInSettings> {
    return this.settings.get();
  }

  @Put()
  @ApiOkResponse({ type: SignInSettingsDto })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'LOCKOUT_GUARD: the change would lock every administrator out' })
  update(@Body() body: SignInSettingsDto): Promise<SignInSettings> {
    return this.settings.update(body);
  }
}
