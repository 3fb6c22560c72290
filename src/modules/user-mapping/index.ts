export { UserMappingModule } from './user-mapping.module.js';
export { UserMappingService } from './application/user-mapping.service.js';
export { readUserMappingDocument } from './http/user-mapping.document.js';
export type { UserMapping } from './domain/user-mapping.js';
export { mapProfile, type MappedProfile } from './domain/map-profile.js';
export { decideAccount, type AccountDecision, type ExistingUser, type ProfileChanges } from './domain/decide-account.js';
export type { ProfileOutcome } from './domain/profile-outcomes.js';
export { UserMappingDto } from './http/user-mapping.dto.js';
