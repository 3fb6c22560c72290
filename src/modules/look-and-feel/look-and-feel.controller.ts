import { Body, Controller, Get, HttpCode, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiResponse, ApiTags } from '@nestjs/swagger';
import { AdminErrorResponses, ErrorResponseDto } from '../../common/swagger.js';
import { AuditContext, AuditService, type AuditRequestContext } from '../audit/index.js';
import { LookAndFeelService } from './look-and-feel.service.js';
import { LookAndFeelDto, PreviewRequestDto, PreviewResponseDto } from './look-and-feel.dto.js';

const UNPARSABLE_TEMPLATE = {
  status: 422,
  description:
    'A template does not parse (or, in a preview, fails to render), or a home link is not valid: `field` (and for a template `line` and `column`) say where',
  type: ErrorResponseDto,
};

@ApiTags('look-and-feel')
@ApiBearerAuth()
@AdminErrorResponses()
@Controller('api/admin/look-and-feel')
export class LookAndFeelController {
  constructor(
    private readonly lookAndFeel: LookAndFeelService,
    private readonly audit: AuditService,
  ) {}

  @Get()
  @ApiOkResponse({ type: LookAndFeelDto })
  get(): Promise<LookAndFeelDto> {
    return this.lookAndFeel.get();
  }

  @Put()
  @ApiOkResponse({ type: LookAndFeelDto, description: 'Saved (the whole document is replaced)' })
  @ApiResponse(UNPARSABLE_TEMPLATE)
  async update(@Body() body: LookAndFeelDto, @AuditContext() context: AuditRequestContext): Promise<LookAndFeelDto> {
    const before = await this.lookAndFeel.get();
    const after = await this.lookAndFeel.update(body);
    await this.audit.recordAdminChange({ ...context, action: 'update', entity: 'settings', entityId: 'look-and-feel', before, after });
    return after;
  }

  @Post('preview')
  @HttpCode(200)
  @ApiOkResponse({ type: PreviewResponseDto, description: 'The page rendered with sample data; nothing is saved' })
  @ApiResponse(UNPARSABLE_TEMPLATE)
  async preview(@Body() body: PreviewRequestDto): Promise<PreviewResponseDto> {
    return { html: await this.lookAndFeel.preview(body.page, body.template, body.sample) };
  }
}
