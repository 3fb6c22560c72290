import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AdminErrorResponses } from '../../common/swagger.js';
import { PageQueryDto } from '../../common/pagination.js';
import { UsersService } from './users.service.js';
import { CreateUserDto, SetPasswordDto, UpdateUserDto, UserDto, UserPageDto } from './directory.dto.js';

@ApiTags('users')
@ApiBearerAuth()
@AdminErrorResponses()
@Controller('api/admin/users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get()
  @ApiOkResponse({ type: UserPageDto })
  list(@Query() query: PageQueryDto): Promise<UserPageDto> {
    return this.users.list(query);
  }

  @Post()
  @ApiCreatedResponse({ type: UserDto })
  create(@Body() body: CreateUserDto): Promise<UserDto> {
    return this.users.create(body);
  }

  @Get(':id')
  @ApiOkResponse({ type: UserDto })
  get(@Param('id', ParseUUIDPipe) id: string): Promise<UserDto> {
    return this.users.get(id);
  }

  @Patch(':id')
  @ApiOkResponse({ type: UserDto })
  update(@Param('id', ParseUUIDPipe) id: string, @Body() body: UpdateUserDto): Promise<UserDto> {
    return this.users.update(id, body);
  }

  @Put(':id/password')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Password set (or removed with null)' })
  async setPassword(@Param('id', ParseUUIDPipe) id: string, @Body() body: SetPasswordDto): Promise<void> {
    await this.users.setPassword(id, body.password ?? null);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Deleted with its memberships' })
  async delete(@Param('id', ParseUUIDPipe) id: string): Promise<void> {
    await this.users.delete(id);
  }
}
