import { Body, Controller, Delete, Get, Headers, Param, Patch, Post, Put, Query, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { AppConfig } from '../../../config/index.js';
import type { Provider } from '../../provider/index.js';
import { discoveryDocument } from './scim-discovery.js';
import { ScimResponder, type ScimRequest } from './scim-responder.js';
import { ScimAuthGuard } from './scim-auth.guard.js';
import { ScimErrorFilter } from './scim-error.filter.js';
import { ScimUsersService, type ScimOutcome } from '../application/scim-users.service.js';
import { ScimGroupsService } from '../application/scim-groups.service.js';
import { readListQuery, readPatchBody, readBody, wantsMembers } from './scim-input.js';

type Request = ScimRequest;

/**
 * SCIM 2.0 (RFC 7644) for one provider at /scim/v2/{slug}: Users, Groups and the discovery
 * documents, opened by that provider's SCIM token. Answers are application/scim+json, errors in
 * the SCIM error schema; every call is audited and counted (ScimResponder).
 */
@ApiExcludeController()
@UseGuards(ScimAuthGuard)
@UseFilters(ScimErrorFilter)
@Controller('scim/v2/:slug')
export class ScimController {
  constructor(
    private readonly responder: ScimResponder,
    private readonly users: ScimUsersService,
    private readonly groups: ScimGroupsService,
    private readonly config: AppConfig,
  ) {}

  private run(request: Request, reply: FastifyReply, resource: string, action: (provider: Provider, base: string) => Promise<ScimOutcome>) {
    return this.responder.respond(request, reply, resource, (provider) =>
      action(provider, `${this.config.publicUrl}/scim/v2/${provider.slug}`),
    );
  }

  @Get(['ServiceProviderConfig', 'ResourceTypes', 'ResourceTypes/:id', 'Schemas', 'Schemas/:id'])
  discovery(@Req() request: Request, @Res() reply: FastifyReply) {
    return this.run(request, reply, 'Discovery', async (_provider, base) => discoveryDocument(request.url, base));
  }

  @Get('Users')
  listUsers(@Req() request: Request, @Res() reply: FastifyReply, @Query() query: Record<string, unknown>) {
    return this.run(request, reply, 'Users', (provider, base) => {
      const { filter, startIndex, count } = readListQuery(query);
      return this.users.list(provider.id, base, filter, startIndex, count);
    });
  }

  @Post('Users')
  createUser(@Req() request: Request, @Res() reply: FastifyReply, @Body() body: unknown) {
    return this.run(request, reply, 'Users', (provider, base) => this.users.create(provider, base, readBody(body)));
  }

  @Get('Users/:id')
  getUser(@Req() request: Request, @Res() reply: FastifyReply, @Param('id') id: string) {
    return this.run(request, reply, 'Users', (provider, base) => this.users.get(provider.id, base, id));
  }

  @Put('Users/:id')
  replaceUser(
    @Req() request: Request,
    @Res() reply: FastifyReply,
    @Param('id') id: string,
    @Body() body: unknown,
    @Headers('if-match') ifMatch?: string,
  ) {
    return this.run(request, reply, 'Users', (provider, base) => this.users.replace(provider, base, id, readBody(body), ifMatch));
  }

  @Patch('Users/:id')
  patchUser(
    @Req() request: Request,
    @Res() reply: FastifyReply,
    @Param('id') id: string,
    @Body() body: unknown,
    @Headers('if-match') ifMatch?: string,
  ) {
    return this.run(request, reply, 'Users', (provider, base) => this.users.patch(provider, base, id, readPatchBody(body), ifMatch));
  }

  @Delete('Users/:id')
  deleteUser(@Req() request: Request, @Res() reply: FastifyReply, @Param('id') id: string, @Headers('if-match') ifMatch?: string) {
    return this.run(request, reply, 'Users', (provider) => this.users.delete(provider, id, ifMatch));
  }

  @Get('Groups')
  listGroups(@Req() request: Request, @Res() reply: FastifyReply, @Query() query: Record<string, unknown>) {
    return this.run(request, reply, 'Groups', (provider, base) => {
      const { filter, startIndex, count } = readListQuery(query);
      return this.groups.list(provider.id, base, filter, startIndex, count, wantsMembers(query));
    });
  }

  @Post('Groups')
  createGroup(@Req() request: Request, @Res() reply: FastifyReply, @Body() body: unknown) {
    return this.run(request, reply, 'Groups', (provider, base) => this.groups.create(provider.id, base, readBody(body)));
  }

  @Get('Groups/:id')
  getGroup(@Req() request: Request, @Res() reply: FastifyReply, @Param('id') id: string, @Query() query: Record<string, unknown>) {
    return this.run(request, reply, 'Groups', (provider, base) => this.groups.get(provider.id, base, id, wantsMembers(query)));
  }

  @Put('Groups/:id')
  replaceGroup(
    @Req() request: Request,
    @Res() reply: FastifyReply,
    @Param('id') id: string,
    @Body() body: unknown,
    @Headers('if-match') ifMatch?: string,
  ) {
    return this.run(request, reply, 'Groups', (provider, base) => this.groups.replace(provider.id, base, id, readBody(body), ifMatch));
  }

  @Patch('Groups/:id')
  patchGroup(
    @Req() request: Request,
    @Res() reply: FastifyReply,
    @Param('id') id: string,
    @Body() body: unknown,
    @Headers('if-match') ifMatch?: string,
  ) {
    return this.run(request, reply, 'Groups', (provider, base) => this.groups.patch(provider.id, base, id, readPatchBody(body), ifMatch));
  }

  @Delete('Groups/:id')
  deleteGroup(@Req() request: Request, @Res() reply: FastifyReply, @Param('id') id: string, @Headers('if-match') ifMatch?: string) {
    return this.run(request, reply, 'Groups', (provider) => this.groups.delete(provider.id, id, ifMatch));
  }
}
