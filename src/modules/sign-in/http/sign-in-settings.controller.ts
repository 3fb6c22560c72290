import { Body, Controller, Get, Patch, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ApiDoc, ApiJsonBody, ApiMergePatchBody } from '../../../common/swagger.js';
import { patchedDocument } from '../../../common/validation.js';
import { AuditContext, AuditService, type AuditRequestContext } from '../../audit/index.js';
import { SignInSettingsService, type SignInSettingsInput } from '../application/sign-in-settings.service.js';
import type { SignInSettingsView } from '../domain/sign-in-settings.js';
import { SignInSettingsDto } from './sign-in-settings.dto.js';

export const SIGN_IN_SETTINGS_EXAMPLE = {
  ssoEnabled: true,
  autoRedirect: { enabled: false, providerId: null, delaySeconds: 0 },
  backdoor: { enabled: false, allowedGroups: [] },
  allowedEmailDomains: [],
  allowPasswordChange: false,
  apiAccess: { allowedCidrs: [] },
  session: { idleTimeoutMinutes: 480, absoluteTimeoutHours: 24, rememberMe: { enabled: true, days: 30 } },
};

const LOCKOUT = 'LOCKOUT_GUARD: SSO off or auto-redirect on while no administrator could sign in through the backdoor';
const UNKNOWN_PROVIDER = '`autoRedirect.providerId` names no provider';

@ApiTags('sign-in')
@ApiBearerAuth()
@Controller('api/admin/sign-in-settings')
export class SignInSettingsController {
  constructor(
    private readonly settings: SignInSettingsService,
    private readonly audit: AuditService,
  ) {}

  @Get()
  @ApiDoc({
    summary: 'Get the sign-in settings',
    description:
      'The SSO switch, auto-redirect, backdoor login, allowed email domains, password change, API networks and session limits. The backdoor key is never returned (`backdoor.hasKey` says whether one is set).',
  })
  @ApiOkResponse({ type: SignInSettingsDto })
  get(): Promise<SignInSettingsView> {
    return this.settings.view();
  }

  @Put()
  @ApiDoc({
    summary: 'Replace the sign-in settings',
    description:
      'The whole document. What GET returns can be put back as it is: `backdoor.hasKey` is read-only and ignored, and a ' +
      'left-out `backdoor.key` keeps the stored key (a string replaces it, null removes it).',
    errors: { 400: true, 409: LOCKOUT, 422: UNKNOWN_PROVIDER },
  })
  @ApiJsonBody(SignInSettingsDto, SIGN_IN_SETTINGS_EXAMPLE)
  @ApiOkResponse({ type: SignInSettingsDto })
  update(@Body() body: SignInSettingsDto, @AuditContext() context: AuditRequestContext): Promise<SignInSettingsView> {
    return this.save(body, context);
  }

  @Patch()
  @ApiDoc({
    summary: 'Change the sign-in settings',
    description:
      'A JSON Merge Patch of the document: send only what changes (nested objects merge member by member). The merged ' +
      'settings are checked whole, the lock-out guard included.',
    errors: { 400: true, 409: LOCKOUT, 422: UNKNOWN_PROVIDER },
  })
  @ApiMergePatchBody(SignInSettingsDto, { session: { idleTimeoutMinutes: 240 } })
  @ApiOkResponse({ type: SignInSettingsDto })
  async patch(@Body() patch: unknown, @AuditContext() context: AuditRequestContext): Promise<SignInSettingsView> {
    return this.save(await patchedDocument(SignInSettingsDto, await this.settings.view(), patch), context);
  }

  private async save(body: SignInSettingsInput, context: AuditRequestContext): Promise<SignInSettingsView> {
    const before = await this.settings.get();
    const view = await this.settings.update(body);
    // The stored documents, so a key rotation shows in `changed`; the audit log redacts the key itself.
    const after = await this.settings.get();
    await this.audit.recordAdminChange({ ...context, action: 'update', entity: 'settings', entityId: 'sign-in', before, after });
    return view;
  }
}
