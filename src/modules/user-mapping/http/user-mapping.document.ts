import { validateAsList, type FieldError } from '../../../common/validation.js';
import type { UserMapping } from '../domain/user-mapping.js';
import { UserMappingDto } from './user-mapping.dto.js';

export type UserMappingValidation = { ok: true; mapping: UserMapping } | { ok: false; problems: FieldError[] };

/** What the admin API would refuse a user mapping for, as a list (a configuration import reports every problem at once). */
export async function readUserMappingDocument(value: unknown): Promise<UserMappingValidation> {
  const shape = await validateAsList(UserMappingDto, value);
  if (!shape.ok) return shape;
  // A plain document: the DTO instance carries class identity.
  const { usernameAttribute, emailAttribute, firstNameAttribute, lastNameAttribute, displayNameAttribute } = shape.value;
  const { matchBy, allowUserCreation, updateProfileOnLogin, updateUsernameOnLogin, relinkOnSubjectChange, trustEmail } = shape.value;
  return {
    ok: true,
    mapping: {
      usernameAttribute,
      emailAttribute,
      firstNameAttribute,
      lastNameAttribute,
      displayNameAttribute,
      matchBy,
      allowUserCreation,
      updateProfileOnLogin,
      updateUsernameOnLogin,
      relinkOnSubjectChange,
      trustEmail,
    },
  };
}
