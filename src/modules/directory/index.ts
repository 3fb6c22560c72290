export { DirectoryModule } from './directory.module.js';
export type { UserProfile } from './domain/user-profile.js';
export { UsersService, type UserView, type LocalAccount, type PasswordCheck } from './users.service.js';
export { GroupsService } from './groups.service.js';
export {
  DirectoryWrites,
  type MembershipChanges as GroupMembershipChanges,
  type NewProfile,
  type ProfileUpdate,
  type ProvisionedUser,
} from './provisioning.service.js';
export { IdentityLinksService, type IdentityLinkView } from './identity-links.service.js';
export { DirectoryProvisioning, type LoginPlan, type AppliedLoginPlan } from './directory-provisioning.service.js';
export {
  AccountsRepository,
  type DirectoryUser,
  type NewUser,
  type UserChanges,
  type IdentityLogin,
} from './infrastructure/accounts.repository.js';
export { MembershipsRepository, type MembershipChanges } from './infrastructure/memberships.repository.js';
export { UserEntity } from './user.entity.js';
export { GroupEntity } from './group.entity.js';
export { MembershipEntity, type MembershipOrigin } from './membership.entity.js';
export {
  hashPassword,
  verifyPassword,
  passwordNeedsRehash,
  decoyPasswordHash,
  MAX_PASSWORD_LENGTH,
  MIN_PASSWORD_LENGTH,
} from './password-hasher.js';
export { IdentityLinkDto } from './directory.dto.js';
