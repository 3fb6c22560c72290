import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ApiDoc, ApiJsonBody } from '../../common/swagger.js';
import { UuidPipe } from '../../common/validation.js';
import { AuditContext, AuditService, type AuditRequestContext } from '../audit/index.js';
import { PageQueryDto } from '../../common/pagination.js';
import { GroupsService } from './groups.service.js';
import { AddMemberDto, CreateGroupDto, GroupDto, GroupPageDto, MemberPageDto, UpdateGroupDto } from './directory.dto.js';

@ApiTags('directory')
@ApiBearerAuth()
@Controller('api/admin/groups')
export class GroupsController {
  constructor(
    private readonly groups: GroupsService,
    private readonly audit: AuditService,
  ) {}

  @Get()
  @ApiDoc({
    summary: 'List groups',
    description: 'Groups by name, a page at a time (`limit`, `cursor`); `search` matches the start of the name.',
    errors: { 400: true },
  })
  @ApiOkResponse({ type: GroupPageDto })
  list(@Query() query: PageQueryDto): Promise<GroupPageDto> {
    return this.groups.list(query);
  }

  @Post()
  @ApiDoc({
    summary: 'Create a group',
    description: 'Group names are unique, case-insensitively.',
    errors: { 400: true, 409: 'A group has this name' },
  })
  @ApiJsonBody(CreateGroupDto, { name: 'developers', description: 'Everyone who ships code' })
  @ApiCreatedResponse({ type: GroupDto })
  async create(@Body() body: CreateGroupDto, @AuditContext() context: AuditRequestContext): Promise<GroupDto> {
    const group = await this.groups.create(body);
    await this.audit.recordAdminChange({ ...context, action: 'create', entity: 'group', entityId: group.id, before: null, after: group });
    return group;
  }

  @Get(':id')
  @ApiDoc({
    summary: 'Get a group',
    description: 'One group and its member count.',
    errors: { 400: 'The id is not a UUID', 404: 'No group has that id' },
  })
  @ApiOkResponse({ type: GroupDto })
  get(@Param('id', UuidPipe) id: string): Promise<GroupDto> {
    return this.groups.get(id);
  }

  @Patch(':id')
  @ApiDoc({
    summary: 'Change a group',
    description: 'The members given replace the stored ones; the others are kept.',
    errors: {
      400: true,
      404: 'No group has that id',
      409: 'A group has this name, or `LOCKOUT_GUARD`: the change would leave no enabled member of `adminGroups.admin` (a rename of one of them)',
    },
  })
  @ApiJsonBody(UpdateGroupDto, { description: 'Everyone who ships code, and reviews it' })
  @ApiOkResponse({ type: GroupDto })
  async update(
    @Param('id', UuidPipe) id: string,
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
  @ApiDoc({
    summary: 'Delete a group',
    description: 'Deletes the group with its memberships; its users stay.',
    errors: {
      400: 'The id is not a UUID',
      404: 'No group has that id',
      409: '`LOCKOUT_GUARD`: the change would leave no enabled member of `adminGroups.admin`',
    },
  })
  @ApiNoContentResponse({ description: 'Deleted with its memberships; users stay' })
  async delete(@Param('id', UuidPipe) id: string, @AuditContext() context: AuditRequestContext): Promise<void> {
    const before = await this.groups.get(id);
    await this.groups.delete(id);
    await this.audit.recordAdminChange({ ...context, action: 'delete', entity: 'group', entityId: id, before, after: null });
  }

  @Get(':id/members')
  @ApiDoc({
    summary: 'List a group’s members',
    description: 'The members, a page at a time, each with how they came (manual, sso, default).',
    errors: { 400: true, 404: 'No group has that id' },
  })
  @ApiOkResponse({ type: MemberPageDto })
  members(@Param('id', UuidPipe) id: string, @Query() query: PageQueryDto): Promise<MemberPageDto> {
    return this.groups.members(id, query);
  }

  @Post(':id/members')
  @HttpCode(204)
  @ApiDoc({
    summary: 'Add a member',
    description: 'Adds a user to the group (or changes how the membership came).',
    errors: { 400: true, 404: 'No group or no user has that id' },
  })
  @ApiJsonBody(AddMemberDto, { userId: '00000000-0000-4000-8000-000000000000' })
  @ApiNoContentResponse({ description: 'Member added (or its origin updated)' })
  async addMember(
    @Param('id', UuidPipe) id: string,
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
  @ApiDoc({
    summary: 'Remove a member',
    description: 'Removes a user from the group.',
    errors: {
      400: 'An id is not a UUID',
      404: 'No group has that id, or the user is not a member',
      409: '`LOCKOUT_GUARD`: the change would leave no enabled member of `adminGroups.admin`',
    },
  })
  @ApiNoContentResponse({ description: 'Member removed' })
  async removeMember(
    @Param('id', UuidPipe) id: string,
    @Param('userId', UuidPipe) userId: string,
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
