import { validateAsList } from '../../../common/validation.js';
import type { GroupMappingService, GroupMappingValidation } from '../application/group-mapping.service.js';
import { GroupMappingDto } from './group-mapping.dto.js';

/** A group mapping checked as the admin API checks it — its shape, then the mapping rules — as a list of problems. */
export async function readGroupMappingDocument(value: unknown, mappings: GroupMappingService): Promise<GroupMappingValidation> {
  const shape = await validateAsList(GroupMappingDto, value);
  return shape.ok ? mappings.validate(shape.value) : shape;
}
