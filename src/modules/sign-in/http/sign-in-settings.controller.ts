import { Body, Controller, Get, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AdminErrorResponses, ErrorResponseDto } from '../../../common/swagger.js';
import { AuditContext, AuditService, type AuditRequestContext } from '../../audit/index.js';
import { SignInSettingsService } from '../application/sign-in-settings.service.js';
import type { SignInSettingsView } from '../domain/sign-in-settings.js';
import { SignInSettingsDto } from './sign-in-settings.dto.js';

@ApiTags('sign-in-settings')
@ApiBearerAuth()
@AdminErrorResponses()
@Controller('api/admin/sign-in-settings')
export class SignInSettingsController {
  constructor(
    private readonly settings: SignInSettingsService,
    private readonly audit: AuditService,
  ) {}

  @Get()
  @ApiOkResponse({ type: SignInSettingsDto })
  get(): Promise<SignInSettingsView> {
    return this.settings.view();
  }

  @Put()
  @ApiOkResponse({ type: SignInSettingsDto })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'LOCKOUT_GUARD: the change would lock every administrator out' })
  async update(@Body() body: SignInSettingsDto, @AuditContext() context: AuditRequestContext): Promise<SignInSettingsView> {
    const before = await this.settings.get();
    const view = await this.settings.update(body);
    // The stored documents, so a key rotation shows in `changed`; the audit log redacts the key itself.
    const after = await this.settings.get();
    await this.audit.recordAdminChange({ ...context, action: 'update', entity: 'settings', entityId: 'sign-in', before, after });
    return view;
  }
}
