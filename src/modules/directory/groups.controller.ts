import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AdminErrorResponses } from '../../common/swagger.js';
import { PageQueryDto } from '../../common/pagination.js';
import { GroupsService } from './groups.service.js';
import { AddMemberDto, CreateGroupDto, GroupDto, GroupPageDto, MemberPageDto, UpdateGroupDto } from './directory.dto.js';

@ApiTags('groups')
@ApiBearerAuth()
@AdminErrorResponses()
@Controller('api/admin/groups')
export class GroupsController {
  constructor(private readonly groups: GroupsService) {}

  @Get()
  @ApiOkResponse({ type: GroupPageDto })
  list(@Query() query: PageQueryDto): Promise<GroupPageDto> {
    return this.groups.list(query);
  }

  @Post()
  @ApiCreatedResponse({ type: GroupDto })
  create(@Body() body: CreateGroupDto): Promise<GroupDto> {
    return this.groups.create(body);
  }

  @Get(':id')
  @ApiOkResponse({ type: GroupDto })
  get(@Param('id', ParseUUIDPipe) id: string): Promise<GroupDto> {
    return this.groups.get(id);
  }

  @Patch(':id')
  @ApiOkResponse({ type: GroupDto })
  update(@Param('id', ParseUUIDPipe) id: string, @Body() body: UpdateGroupDto): Promise<GroupDto> {
    return this.groups.update(id, body);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Deleted with its memberships; users stay' })
  async delete(@Param('id', ParseUUIDPipe) id: string): Promise<void> {
    await this.groups.delete(id);
  }

  @Get(':id/members')
  @ApiOkResponse({ type: MemberPageDto })
  members(@Param('id', ParseUUIDPipe) id: string, @Query() query: PageQueryDto): Promise<MemberPageDto> {
    return this.groups.members(id, query);
  }

  @Post(':id/members')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Member added (or its origin updated)' })
  async addMember(@Param('id', ParseUUIDPipe) id: string, @Body() body: AddMemberDto): Promise<void> {
    await this.groups.addMember(id, body.userId, body.origin);
  }

  @Delete(':id/members/:userId')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Member removed' })
  async removeMember(@Param('id', ParseUUIDPipe) id: string, @Param('userId', ParseUUIDPipe) userId: string): Promise<void> {
    await this.groups.removeMember(id, userId);
  }
}
