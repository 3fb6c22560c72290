import { createHash, timingSafeEqual } from 'node:crypto';
import type { SignInSettings } from './sign-in-settings.js';

export type BackdoorSettings = SignInSettings['backdoor'];

/** The local account a backdoor sign-in names, as the directory knows it. */
export interface BackdoorAccount {
  readonly active: boolean;
  readonly hasPassword: boolean;
  /** Names of the groups the user belongs to. */
  readonly groups: readonly string[];
}

/** Why a backdoor sign-in was refused: for the audit log only, the person sees one generic answer. */
export type BackdoorRefusal = 'unknown_user' | 'no_password' | 'wrong_password' | 'inactive' | 'not_in_allowed_group';

export type BackdoorAccountDecision = { readonly allowed: true } | { readonly allowed: false; readonly reason: BackdoorRefusal };

/**
 * Whether /backdoor answers at all. A disabled backdoor and a wrong or missing key look the same
 * from outside. The key is compared in constant time (over digests, so its length leaks nothing).
 */
export function backdoorOpens(backdoor: BackdoorSettings, presentedKey: unknown): boolean {
  if (!backdoor.enabled) return false;
  if (backdoor.key === null) return true;
  if (typeof presentedKey !== 'string') return false;
  return timingSafeEqual(digest(presentedKey), digest(backdoor.key));
}

/**
 * Who may sign in through the backdoor: an active local user whose password matched and, when
 * allowedGroups lists any, a member of one of them (group names compared case-insensitively).
 * SSO-provisioned users have no password, so they never pass.
 */
export function decideBackdoorAccount(
  backdoor: BackdoorSettings,
  account: BackdoorAccount | null,
  passwordMatches: boolean,
): BackdoorAccountDecision {
  if (account === null) return refuse('unknown_user');
  if (!account.hasPassword) return refuse('no_password');
  if (!passwordMatches) return refuse('wrong_password');
  if (!account.active) return refuse('inactive');
  if (backdoor.allowedGroups.length > 0) {
    const allowed = new Set(backdoor.allowedGroups.map((group) => group.trim().toLowerCase()));
    if (!account.groups.some((group) => allowed.has(group.trim().toLowerCase()))) return refuse('not_in_allowed_group');
  }
  return { allowed: true };
}

function refuse(reason: BackdoorRefusal): BackdoorAccountDecision {
  return { allowed: false, reason };
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}
