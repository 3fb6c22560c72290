import { Body, Controller, Get, HttpCode, Patch, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ApiDoc, ApiJsonBody, ApiMergePatchBody } from '../../common/swagger.js';
import { patchedDocument } from '../../common/validation.js';
import { AuditContext, AuditService, type AuditRequestContext } from '../audit/index.js';
import { LookAndFeelService } from './look-and-feel.service.js';
import { LookAndFeelDto, PreviewRequestDto, PreviewResponseDto } from './look-and-feel.dto.js';

const UNPARSABLE =
  'A template does not parse, the post-logout URL is not allowed, or a home link is not valid: `field` (and for a template `line` and `column`) say where';

export const LOOK_AND_FEEL_EXAMPLE = {
  loginButtonText: 'Sign in with {{ provider.displayName }}',
  loginTemplate: null,
  errorTemplate: null,
  logoutTemplate: null,
  errorMessages: { SSO_DOMAIN_NOT_ALLOWED: 'Please sign in with your @example.com account.' },
  postLogoutUrl: null,
  homeLinks: [{ name: 'Wiki', url: 'https://wiki.example.com/', description: 'How we work', groups: [] }],
  homeTemplate: null,
};

@ApiTags('look and feel')
@ApiBearerAuth()
@Controller('api/admin/look-and-feel')
export class LookAndFeelController {
  constructor(
    private readonly lookAndFeel: LookAndFeelService,
    private readonly audit: AuditService,
  ) {}

  @Get()
  @ApiDoc({
    summary: 'Get the look and feel',
    description:
      'The login button text, the page templates (null: the built-in page), error messages, post-logout URL and home page links.',
  })
  @ApiOkResponse({ type: LookAndFeelDto })
  get(): Promise<LookAndFeelDto> {
    return this.lookAndFeel.get();
  }

  @Put()
  @ApiDoc({
    summary: 'Replace the look and feel',
    description: 'The whole document. A template that does not parse is refused with where it breaks.',
    errors: { 400: true, 422: UNPARSABLE },
  })
  @ApiJsonBody(LookAndFeelDto, LOOK_AND_FEEL_EXAMPLE)
  @ApiOkResponse({ type: LookAndFeelDto, description: 'Saved (the whole document is replaced)' })
  update(@Body() body: LookAndFeelDto, @AuditContext() context: AuditRequestContext): Promise<LookAndFeelDto> {
    return this.save(body, context);
  }

  @Patch()
  @ApiDoc({
    summary: 'Change the look and feel',
    description:
      'A JSON Merge Patch of the document: send only what changes — `{"loginButtonText": "…"}` changes the button text alone. ' +
      '`null` on a template restores the built-in page; in `errorMessages` it removes a code’s message. The merged document is checked whole.',
    errors: { 400: true, 422: UNPARSABLE },
  })
  @ApiMergePatchBody(LookAndFeelDto, { loginButtonText: 'Continue with {{ provider.displayName }}' })
  @ApiOkResponse({ type: LookAndFeelDto })
  async patch(@Body() patch: unknown, @AuditContext() context: AuditRequestContext): Promise<LookAndFeelDto> {
    return this.save(await patchedDocument(LookAndFeelDto, await this.lookAndFeel.get(), patch, ['errorMessages']), context);
  }

  @Post('preview')
  @HttpCode(200)
  @ApiDoc({
    summary: 'Preview a page',
    description: 'Renders a page with sample data (yours merged over Sesame’s) and a template (or the saved one); nothing is saved.',
    errors: { 400: true, 422: 'The template does not parse or fails to render, or the sample does not fit the page' },
  })
  @ApiJsonBody(PreviewRequestDto, {
    page: 'login',
    template: '<p>{{ message }}</p>',
    sample: { message: 'Scheduled maintenance tonight.' },
  })
  @ApiOkResponse({ type: PreviewResponseDto, description: 'The page rendered with sample data; nothing is saved' })
  async preview(@Body() body: PreviewRequestDto): Promise<PreviewResponseDto> {
    return { html: await this.lookAndFeel.preview(body.page, body.template, body.sample) };
  }

  private async save(body: LookAndFeelDto, context: AuditRequestContext): Promise<LookAndFeelDto> {
    const before = await this.lookAndFeel.get();
    const after = await this.lookAndFeel.update(body);
    await this.audit.recordAdminChange({ ...context, action: 'update', entity: 'settings', entityId: 'look-and-feel', before, after });
    return after;
  }
}
