export { GroupMappingModule } from './group-mapping.module.js';
export { GroupMappingService } from './application/group-mapping.service.js';
export { readGroupMappingDocument } from './http/group-mapping.document.js';
export type { GroupMapping } from './domain/group-mapping.js';
export { planGroups, referencedGroups, type GroupPlan, type MembershipOrigin } from './domain/plan-groups.js';
export { groupKey, defaultGroupMapping } from './domain/group-mapping.js';
export { readIdpGroups, unusableGroupsReason } from './domain/read-groups.js';
export { GroupMappingDto } from './http/group-mapping.dto.js';
