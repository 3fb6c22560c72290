import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AdminErrorResponses } from '../../common/swagger.js';
import { AuditContext, AuditService, type AuditRequestContext } from '../audit/index.js';
import { PageQueryDto } from '../../common/pagination.js';
import { UsersService } from './users.service.js';
import { CreateUserDto, SetPasswordDto, UpdateUserDto, UserDto, UserPageDto } from './directory.dto.js';

@ApiTags('users')
@ApiBearerAuth()
@AdminErrorResponses()
@Controller('api/admin/users')
export class UsersController {
  constructor(
    private readonly users: UsersService,
    private readonly audit: AuditService,
  ) {}

  @Get()
  @ApiOkResponse({ type: UserPageDto })
  list(@Query() query: PageQueryDto): Promise<UserPageDto> {
    return this.users.list(query);
  }

  @Post()
  @ApiCreatedResponse({ type: UserDto })
  async create(@Body() body: CreateUserDto, @AuditContext() context: AuditRequestContext): Promise<UserDto> {
    const user = await this.users.create(body);
    await this.audit.recordAdminChange({ ...context, action: 'create', entity: 'user', entityId: user.id, before: null, after: user });
    return user;
  }

  @Get(':id')
  @ApiOkResponse({ type: UserDto })
  get(@Param('id', ParseUUIDPipe) id: string): Promise<UserDto> {
    return this.users.get(id);
  }

  @Patch(':id')
  @ApiOkResponse({ type: UserDto })
  async update(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: UpdateUserDto,
    @AuditContext() context: AuditRequestContext,
  ): Promise<UserDto> {
    const before = await this.users.get(id);
    const after = await this.users.update(id, body);
    await this.audit.recordAdminChange({ ...context, action: 'update', entity: 'user', entityId: id, before, after });
    return after;
  }

  @Put(':id/password')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Password set (or removed with null)' })
  async setPassword(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: SetPasswordDto,
    @AuditContext() context: AuditRequestContext,
  ): Promise<void> {
    const before = await this.users.get(id);
    await this.users.setPassword(id, body.password);
    const after = await this.users.get(id);
    await this.audit.recordAdminChange({ ...context, action: 'update', entity: 'user', entityId: id, before, after });
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Deleted with its memberships' })
  async delete(@Param('id', ParseUUIDPipe) id: string, @AuditContext() context: AuditRequestContext): Promise<void> {
    const before = await this.users.get(id);
    await this.users.delete(id);
    await this.audit.recordAdminChange({ ...context, action: 'delete', entity: 'user', entityId: id, before, after: null });
  }
}
