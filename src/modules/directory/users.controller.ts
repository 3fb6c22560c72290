import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ApiDoc, ApiJsonBody } from '../../common/swagger.js';
import { UuidPipe } from '../../common/validation.js';
import { AuditContext, AuditService, type AuditRequestContext } from '../audit/index.js';
import { PageQueryDto } from '../../common/pagination.js';
import { UsersService } from './users.service.js';
import { CreateUserDto, SetPasswordDto, UpdateUserDto, UserDto, UserPageDto } from './directory.dto.js';

@ApiTags('directory')
@ApiBearerAuth()
@Controller('api/admin/users')
export class UsersController {
  constructor(
    private readonly users: UsersService,
    private readonly audit: AuditService,
  ) {}

  @Get()
  @ApiDoc({
    summary: 'List users',
    description:
      'Local and SSO-provisioned users, by username, a page at a time (`limit`, `cursor`); `search` matches the start of the username, email or display name.',
    errors: { 400: true },
  })
  @ApiOkResponse({ type: UserPageDto })
  list(@Query() query: PageQueryDto): Promise<UserPageDto> {
    return this.users.list(query);
  }

  @Post()
  @ApiDoc({
    summary: 'Create a user',
    description: 'A local user; with a password they can use the backdoor login. Usernames and emails are unique, case-insensitively.',
    errors: { 400: true, 409: 'The username or email is taken (`field` says which)' },
  })
  @ApiJsonBody(CreateUserDto, { username: 'jane', email: 'jane@example.com', firstName: 'Jane', lastName: 'Doe' })
  @ApiCreatedResponse({ type: UserDto })
  async create(@Body() body: CreateUserDto, @AuditContext() context: AuditRequestContext): Promise<UserDto> {
    const user = await this.users.create(body);
    await this.audit.recordAdminChange({ ...context, action: 'create', entity: 'user', entityId: user.id, before: null, after: user });
    return user;
  }

  @Get(':id')
  @ApiDoc({
    summary: 'Get a user',
    description: 'One user with their groups.',
    errors: { 400: 'The id is not a UUID', 404: 'No user has that id' },
  })
  @ApiOkResponse({ type: UserDto })
  get(@Param('id', UuidPipe) id: string): Promise<UserDto> {
    return this.users.get(id);
  }

  @Patch(':id')
  @ApiDoc({
    summary: 'Change a user',
    description: 'The members given replace the stored ones; the others are kept.',
    errors: {
      400: true,
      404: 'No user has that id',
      409: 'The username or email is taken (`field` says which), or `LOCKOUT_GUARD`: disabling the last enabled member of `adminGroups.admin`',
    },
  })
  @ApiJsonBody(UpdateUserDto, { displayName: 'Jane Doe' })
  @ApiOkResponse({ type: UserDto })
  async update(
    @Param('id', UuidPipe) id: string,
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
  @ApiDoc({
    summary: 'Set or remove a user’s password',
    description: 'The local password (12 to 256 characters) used by the backdoor login; null removes it. It is stored as an argon2 hash.',
    errors: { 400: true, 404: 'No user has that id' },
  })
  @ApiJsonBody(SetPasswordDto, { password: 'correct horse battery staple' })
  @ApiNoContentResponse({ description: 'Password set (or removed with null)' })
  async setPassword(
    @Param('id', UuidPipe) id: string,
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
  @ApiDoc({
    summary: 'Delete a user',
    description: 'Deletes the user with their memberships, identity links and sessions.',
    errors: {
      400: 'The id is not a UUID',
      404: 'No user has that id',
      409: '`LOCKOUT_GUARD`: the user is the last enabled member of `adminGroups.admin`',
    },
  })
  @ApiNoContentResponse({ description: 'Deleted with its memberships' })
  async delete(@Param('id', UuidPipe) id: string, @AuditContext() context: AuditRequestContext): Promise<void> {
    const before = await this.users.get(id);
    await this.users.delete(id);
    await this.audit.recordAdminChange({ ...context, action: 'delete', entity: 'user', entityId: id, before, after: null });
  }
}
