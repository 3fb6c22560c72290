import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AdminErrorResponses } from '../../common/swagger.js';
import { AuditContext, AuditService, type AuditRequestContext } from '../audit/index.js';
import { PageQueryDto } from '../../common/pagination.js';
import { GroupsService } from './groups.service.js';
import { AddMemberDto, CreateGroupDto, GroupDto, GroupPageDto, MemberPageDto, UpdateGroupDto } from './directory.dto.js';

@ApiTags('groups')
@ApiBearerAuth()
@AdminErrorResponses()
@Controller('api/admin/groups')
export class GroupsController {
  constructor(
    private readonly groups: GroupsService,
    private readonly audit: AuditService,
  ) {}

  @Get()
  @ApiOkResponse({ type: GroupPageDto })
  list(@Query() query: PageQueryDto): Promise<GroupPageDto> {
    return this.groups.list(query);
  }

  @Post()
  @ApiCreatedResponse({ type: GroupDto })
  async create(@Body() body: CreateGroupDto, @AuditContext() context: AuditRequestContext): Promise<GroupDto> {
    const group = await this.groups.create(body);
    await this.audit.recordAdminChange({ ...context, action: 'create', entity: 'group', entityId: group.id, before: null, after: group });
    return group;
  }

  @Get(':id')
  @ApiOkResponse({ type: GroupDto })
  get(@Param('id', ParseUUIDPipe) id: string): Promise<GroupDto> {
    return this.groups.get(id);
  }

  @Patch(':id')
  @ApiOkResponse({ type: GroupDto })
  async update(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: UpdateGroupDto,
    @AuditContext() context: AuditRequestContext,
  ): Promise<GroupDto> {
    const before = await this.groups.get(id);
    const after = await this.groups.update(id, body);
    await this.audit.recordAdminChange({ ...context, action: 'update', entity: 'group', entityId: id, before, after });
    return after;
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Deleted with its memberships; users stay' })
  async delete(@Param('id', ParseUUIDPipe) id: string, @AuditContext() context: AuditRequestContext): Promise<void> {
    const before = await this.groups.get(id);
    await this.groups.delete(id);
    await this.audit.recordAdminChange({ ...context, action: 'delete', entity: 'group', entityId: id, before, after: null });
  }

  @Get(':id/members')
  @ApiOkResponse({ type: MemberPageDto })
  members(@Param('id', ParseUUIDPipe) id: string, @Query() query: PageQueryDto): Promise<MemberPageDto> {
    return this.groups.members(id, query);
  }

  @Post(':id/members')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Member added (or its origin updated)' })
  async addMember(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: AddMemberDto,
    @AuditContext() context: AuditRequestContext,
  ): Promise<void> {
    await this.groups.addMember(id, body.userId, body.origin);
    const after = { groupId: id, userId: body.userId, origin: body.origin ?? 'manual' };
    await this.audit.recordAdminChange({
      ...context,
      action: 'create',
      entity: 'membership',
      entityId: `${id}/${body.userId}`,
      before: null,
      after,
    });
  }

  @Delete(':id/members/:userId')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Member removed' })
  async removeMember(
    @Param('id', ParseUUIDPipe) id: string,
    @Param('userId', ParseUUIDPipe) userId: string,
    @AuditContext() context: AuditRequestContext,
  ): Promise<void> {
    await this.groups.removeMember(id, userId);
    const before = { groupId: id, userId };
    await this.audit.recordAdminChange({
      ...context,
      action: 'delete',
      entity: 'membership',
      entityId: `${id}/${userId}`,
      before,
      after: null,
    });
  }
}
