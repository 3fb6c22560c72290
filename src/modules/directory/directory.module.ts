import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { UserEntity } from './user.entity.js';
import { GroupEntity } from './group.entity.js';
import { MembershipEntity } from './membership.entity.js';
import { UsersService } from './users.service.js';
import { GroupsService } from './groups.service.js';
import { IdentityLinksService } from './identity-links.service.js';
import { UsersController } from './users.controller.js';
import { DirectoryWrites } from './provisioning.service.js';
import { DirectoryProvisioning } from './directory-provisioning.service.js';
import { AccountsRepository } from './infrastructure/accounts.repository.js';
import { MembershipsRepository } from './infrastructure/memberships.repository.js';
import { UsersRepository } from './infrastructure/users.repository.js';
import { GroupsRepository } from './infrastructure/groups.repository.js';
import { IdentityLinksRepository } from './infrastructure/identity-links.repository.js';
import { GroupsController } from './groups.controller.js';
import { AdminRemovalGuard } from './admin-removal.guard.js';
import { AdminMembersRepository } from './infrastructure/admin-members.repository.js';

@Module({
  imports: [TypeOrmModule.forFeature([UserEntity, GroupEntity, MembershipEntity])],
  providers: [
    UsersRepository,
    GroupsRepository,
    IdentityLinksRepository,
    UsersService,
    GroupsService,
    IdentityLinksService,
    AccountsRepository,
    MembershipsRepository,
    DirectoryProvisioning,
    DirectoryWrites,
    AdminRemovalGuard,
    AdminMembersRepository,
  ],
  controllers: [UsersController, GroupsController],
  exports: [
    UsersService,
    GroupsService,
    IdentityLinksService,
    AccountsRepository,
    MembershipsRepository,
    DirectoryProvisioning,
    DirectoryWrites,
  ],
})
export class DirectoryModule {}
