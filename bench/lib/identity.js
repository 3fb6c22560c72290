// What the bench's people look like at the mock provider and in the seeded data: both sides compute the same values.
import { createHash } from 'node:crypto';

export const CLIENT_ID = 'sesame-bench';
export const CLIENT_SECRET = 'bench-client-secret-3f9a0c1d7e52';
export const PROVIDER_SLUG = 'bench';
/** The browser binding cookie every seeded login transaction is bound to. */
export const BINDING = createHash('sha256').update('sesame-bench-binding').digest('base64url');
/** Groups of the 1M-user directory: each user is in GROUPS_PER_USER of these. */
export const TEAM_GROUPS = 1000;
export const GROUPS_PER_USER = 10;

/** Session cookie value of seeded session i: 32 bytes, base64url, 43 characters (the database holds its SHA-256). */
export const sessionToken = (i) => createHash('sha256').update(`bench-session-${i}`).digest('base64url');

/** The same token, computed by PostgreSQL (for set-based seeding). */
export const SQL_SESSION_TOKEN = (i) =>
  `rtrim(translate(encode(sha256(convert_to('bench-session-' || ${i}, 'UTF8')), 'base64'), '+/', '-_'), '=')`;

export const teamName = (j) => `team-${String(j).padStart(4, '0')}`;
/** User i's ten teams, distinct because 101·k mod 1000 differs for k < 10. */
export const teamIndex = (i, k) => (i * 7 + k * 101) % TEAM_GROUPS;
export const SQL_TEAM_INDEX = (i, k) => `((${i} * 7 + ${k} * 101) % ${TEAM_GROUPS})`;

export const nonce = (i) => `nonce-${i}`;

/**
 * The provider's groups for user i. Group sets of the group-size scenario: `one` (1 group),
 * `thousand` (1000 groups), and the `thousand` set with five swapped for five others (variant 1),
 * so consecutive logins alternate and each one changes the user's groups.
 */
export function idpGroups(i, set, variant = 0) {
  if (set === 'teams') return Array.from({ length: GROUPS_PER_USER }, (_, k) => teamName(teamIndex(i, k)));
  if (set === 'one') return ['grp-0000'];
  const names = Array.from({ length: 1000 }, (_, j) => `grp-${String(j).padStart(4, '0')}`);
  return variant === 1 ? [...names.slice(5), 'grp-1000', 'grp-1001', 'grp-1002', 'grp-1003', 'grp-1004'] : names;
}

/** Profile claims of user i, equal to what the seeded users table holds, so a login changes no profile. */
export function profileClaims(i) {
  return {
    preferred_username: `user${i}`,
    email: `user${i}@bench.example`,
    email_verified: true,
    given_name: `First${i}`,
    family_name: `Last${i}`,
    name: `First${i} Last${i}`,
  };
}

/** The authorization code the mock exchanges: who and which group variant. */
export const authorizationCode = (i, variant = 0) => `${i}.${variant}`;
