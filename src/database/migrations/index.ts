import { DirectoryAndApiTokens1732780800000 } from './1732780800000-directory-and-api-tokens.js';
import { ProvidersLoginsSessions1732780850000 } from './1732780850000-providers-logins-sessions.js';
import { AuditEvents1732780900000 } from './1732780900000-audit-events.js';
import { UserSearchIndex1732781000000 } from './1732781000000-user-search-index.js';
import { ChangeSequence1732782000000 } from './1732782000000-change-sequence.js';
import { SecretKeyCheck1732784000000 } from './1732784000000-secret-key-check.js';
import { ApiTokenDisplayPrefix1732785000000 } from './1732785000000-api-token-display-prefix.js';
import { IdentityLinkIds1732787000000 } from './1732787000000-identity-link-ids.js';
import { PublishedViews1732800000000 } from './1732800000000-published-views.js';
import { ScimProvisioning1732840000000 } from './1732840000000-scim-provisioning.js';
import { IdentityResync1732880000000 } from './1732880000000-identity-resync.js';

/** Every migration, oldest first. Class references, not globs: globs are fragile under ESM. */
export const migrations = [
  DirectoryAndApiTokens1732780800000,
  ProvidersLoginsSessions1732780850000,
  AuditEvents1732780900000,
  UserSearchIndex1732781000000,
  ChangeSequence1732782000000,
  SecretKeyCheck1732784000000,
  ApiTokenDisplayPrefix1732785000000,
  IdentityLinkIds1732787000000,
  PublishedViews1732800000000,
  ScimProvisioning1732840000000,
  IdentityResync1732880000000,
];
