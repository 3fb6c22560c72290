import { Module } from '@nestjs/common';
import { DirectoryModule } from '../directory/index.js';
import { GroupMappingModule } from '../group-mapping/index.js';
import { ProviderModule } from '../provider/index.js';
import { UserMappingModule } from '../user-mapping/index.js';
import { ScimRepository } from './infrastructure/scim.repository.js';
import { ScimTokensService } from './application/scim-tokens.service.js';
import { ScimGroupSync } from './application/scim-group-sync.js';
import { ScimUsersService } from './application/scim-users.service.js';
import { ScimGroupsService } from './application/scim-groups.service.js';
import { ScimResponder } from './http/scim-responder.js';
import { ScimAuthGuard } from './http/scim-auth.guard.js';
import { ScimErrorFilter } from './http/scim-error.filter.js';
import { ScimController } from './http/scim.controller.js';
import { ScimTokenController } from './http/scim-token.controller.js';

@Module({
  imports: [DirectoryModule, ProviderModule, UserMappingModule, GroupMappingModule],
  providers: [
    ScimRepository,
    ScimTokensService,
    ScimGroupSync,
    ScimUsersService,
    ScimGroupsService,
    ScimResponder,
    ScimAuthGuard,
    ScimErrorFilter,
  ],
  controllers: [ScimController, ScimTokenController],
})
export class ScimModule {}
