import { validateAdminSettings, type AdminGroups, type AdminSessionSettings } from './admin-access.js';

export interface SignInSettings {
  /** Global switch: off leaves only the backdoor login (if enabled) and /sso/* shows an error page. */
  readonly ssoEnabled: boolean;
  /** Sends the login page straight to one provider; `/login?sso=false` skips it. */
  readonly autoRedirect: { readonly enabled: boolean; readonly providerId: string | null; readonly delaySeconds: number };
  /**
   * Emergency local login at /backdoor, limited to members of allowedGroups when any are listed.
   * With a key, only /backdoor?key=<key> opens it; without one, the login page links to it.
   */
  readonly backdoor: { readonly enabled: boolean; readonly key: string | null; readonly allowedGroups: readonly string[] };
  /** Normalised domains (see parseDomainList); empty lets every domain in. */
  readonly allowedEmailDomains: readonly string[];
  readonly allowPasswordChange: boolean;
  /** Networks admin API tokens are accepted from; empty means anywhere. */
  readonly apiAccess: { readonly allowedCidrs: readonly string[] };
  /** Members of these groups may use the admin console with their session: change everything, or only read. */
  readonly adminGroups: AdminGroups;
  readonly adminSession: AdminSessionSettings;
  readonly session: {
    readonly idleTimeoutMinutes: number;
    readonly absoluteTimeoutHours: number;
    readonly rememberMe: { readonly enabled: boolean; readonly days: number };
  };
}

/**
 * The settings as the admin API shows them: the backdoor key is write-only, like client
 * secrets, so a read token (or a screenshot of the admin page) never holds the way in.
 */
export type SignInSettingsView = Omit<SignInSettings, 'backdoor'> & {
  readonly backdoor: { readonly enabled: boolean; readonly hasKey: boolean; readonly allowedGroups: readonly string[] };
};

export function viewSignInSettings(settings: SignInSettings): SignInSettingsView {
  const { key, ...backdoor } = settings.backdoor;
  return { ...settings, backdoor: { enabled: backdoor.enabled, hasKey: key !== null, allowedGroups: backdoor.allowedGroups } };
}

/**
 * The backdoor key after a PUT: omitted keeps the stored key (so a GET document can be put
 * back), a string replaces it (rotation), and only an explicit null removes it.
 */
export function nextBackdoorKey(current: string | null, given: string | null | undefined): string | null {
  return given === undefined ? current : given;
}

export type LockoutGuardDecision = { ok: true } | { ok: false; code: 'LOCKOUT_GUARD'; reason: string };

export interface FieldError {
  readonly field: string;
  readonly reason: string;
}

export const SIGN_IN_LIMITS = {
  maxDelaySeconds: 60,
  minBackdoorKeyLength: 16,
  maxIdleTimeoutMinutes: 60 * 24 * 30,
  maxAbsoluteTimeoutHours: 24 * 90,
  maxRememberMeDays: 365,
} as const;

export function defaultSignInSettings(): SignInSettings {
  return {
    ssoEnabled: true,
    autoRedirect: { enabled: false, providerId: null, delaySeconds: 0 },
    backdoor: { enabled: false, key: null, allowedGroups: [] },
    allowedEmailDomains: [],
    allowPasswordChange: false,
    apiAccess: { allowedCidrs: [] },
    adminGroups: { admin: [], readOnly: [] },
    adminSession: { reauthenticateAfterMinutes: 60 },
    session: { idleTimeoutMinutes: 480, absoluteTimeoutHours: 24, rememberMe: { enabled: true, days: 30 } },
  };
}

/** What the directory says about local sign-in, gathered by the service for the lock-out guard. */
export interface LocalSignInFacts {
  /** Some enabled local user has a password. */
  readonly activeUserWithPassword: boolean;
  /** Some enabled local user with a password is a member of one of backdoor.allowedGroups. */
  readonly activeUserWithPasswordInAllowedGroups: boolean;
}

/**
 * Refuses settings under which no administrator could reach the admin pages: SSO off, or every
 * visit to the login page sent to one provider, unless the backdoor login is a real way in: it
 * is enabled, and some enabled local user with a password may use it (is in one of its allowed
 * groups, when it lists any). A key only hides the backdoor, so it changes nothing here. The
 * reason names the setting, what is missing and the way out.
 */
export function checkLockoutGuard(next: SignInSettings, facts: LocalSignInFacts): LockoutGuardDecision {
  const risk = !next.ssoEnabled
    ? 'Turning SSO off (ssoEnabled: false) would lock every administrator out'
    : next.autoRedirect.enabled
      ? 'Turning on auto-redirect (autoRedirect.enabled: true) could lock every administrator out'
      : null;
  if (risk === null) return { ok: true };
  const missing = missingWayIn(next.backdoor, facts);
  if (missing.length === 0) return { ok: true };
  const wayOut =
    'Enable the backdoor login (backdoor.enabled) and give an enabled local user who may use it a password first, ' +
    'so that an administrator can still sign in if the identity provider fails.';
  return { ok: false, code: 'LOCKOUT_GUARD', reason: `${risk}: ${missing.join(', and ')}. ${wayOut}` };
}

function missingWayIn(backdoor: SignInSettings['backdoor'], facts: LocalSignInFacts): string[] {
  const missing: string[] = [];
  if (!backdoor.enabled) missing.push('the backdoor login is off (backdoor.enabled: false)');
  if (!facts.activeUserWithPassword) missing.push('no enabled local user has a password');
  else if (backdoor.allowedGroups.length > 0 && !facts.activeUserWithPasswordInAllowedGroups) {
    missing.push(`no enabled local user with a password is a member of backdoor.allowedGroups (${backdoor.allowedGroups.join(', ')})`);
  }
  return missing;
}

/**
 * The rules between fields that a DTO cannot express on one field. Domain and network lists are
 * checked by parseDomainList and parseCidrs.
 */
export function validateSignInSettings(settings: SignInSettings): FieldError[] {
  const errors: FieldError[] = [];
  const { autoRedirect, backdoor, session } = settings;
  if (autoRedirect.enabled && !autoRedirect.providerId) {
    errors.push({ field: 'autoRedirect.providerId', reason: 'is required when auto-redirect is enabled' });
  }
  if (!isWholeNumberIn(autoRedirect.delaySeconds, 0, SIGN_IN_LIMITS.maxDelaySeconds)) {
    errors.push({ field: 'autoRedirect.delaySeconds', reason: `must be a whole number from 0 to ${SIGN_IN_LIMITS.maxDelaySeconds}` });
  }
  if (backdoor.key !== null) {
    if (backdoor.key.length < SIGN_IN_LIMITS.minBackdoorKeyLength) {
      errors.push({
        field: 'backdoor.key',
        reason: `must be at least ${SIGN_IN_LIMITS.minBackdoorKeyLength} characters (it is the secret in the backdoor URL), or null for no key`,
      });
    } else if (!/^[A-Za-z0-9_-]+$/.test(backdoor.key)) {
      errors.push({ field: 'backdoor.key', reason: 'may contain only letters, digits, "-" and "_" (it goes in a URL)' });
    }
  }
  if (!isWholeNumberIn(session.idleTimeoutMinutes, 1, SIGN_IN_LIMITS.maxIdleTimeoutMinutes)) {
    errors.push({
      field: 'session.idleTimeoutMinutes',
      reason: `must be a whole number from 1 to ${SIGN_IN_LIMITS.maxIdleTimeoutMinutes}`,
    });
  }
  if (!isWholeNumberIn(session.absoluteTimeoutHours, 1, SIGN_IN_LIMITS.maxAbsoluteTimeoutHours)) {
    errors.push({
      field: 'session.absoluteTimeoutHours',
      reason: `must be a whole number from 1 to ${SIGN_IN_LIMITS.maxAbsoluteTimeoutHours}`,
    });
  } else if (session.idleTimeoutMinutes > session.absoluteTimeoutHours * 60) {
    errors.push({ field: 'session.idleTimeoutMinutes', reason: 'must not be longer than the absolute timeout' });
  }
  if (!isWholeNumberIn(session.rememberMe.days, 1, SIGN_IN_LIMITS.maxRememberMeDays)) {
    errors.push({ field: 'session.rememberMe.days', reason: `must be a whole number from 1 to ${SIGN_IN_LIMITS.maxRememberMeDays}` });
  }
  errors.push(...validateAdminSettings(settings.adminGroups, settings.adminSession));
  return errors;
}

function isWholeNumberIn(value: number, min: number, max: number): boolean {
  return Number.isInteger(value) && value >= min && value <= max;
}
