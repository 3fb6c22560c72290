import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { fieldErrors, DomainError } from '../../../common/domain-error.js';
import { ChangeBus } from '../../../common/change-bus.js';
import { parseCidrs, ipInRanges, type IpRange } from '../../../common/networks.js';
import { UsersService } from '../../directory/index.js';
import { ProviderService } from '../../provider/index.js';
import { SettingsStore } from '../../settings/index.js';
import {
  checkLockoutGuard,
  defaultSignInSettings,
  nextBackdoorKey,
  validateSignInSettings,
  viewSignInSettings,
  type LockoutGuardDecision,
  type SignInSettings,
  type SignInSettingsView,
} from '../domain/sign-in-settings.js';
import { parseDomainList } from '../domain/email-domain.js';
import { adminRoleOf, checkAdminLeft, type AdminRole } from '../domain/admin-access.js';

const KEY = 'sign-in';

/** A PUT body: the key may be left out (kept as stored) and `hasKey` from a GET is ignored. */
export type SignInSettingsInput = Omit<SignInSettings, 'allowedEmailDomains' | 'backdoor' | 'adminGroups' | 'adminSession'> & {
  allowedEmailDomains: string | string[];
  adminGroups?: SignInSettings['adminGroups'];
  adminSession?: SignInSettings['adminSession'];
  backdoor: { enabled: boolean; key?: string | null; hasKey?: boolean; allowedGroups: readonly string[] };
};

/** The one sign-in settings document: SSO switch, auto-redirect, backdoor, email domains, password change, API networks, session limits. */
@Injectable()
export class SignInSettingsService {
  private networks: { cidrs: readonly string[]; ranges: IpRange[] } = { cidrs: [], ranges: [] };

  constructor(
    private readonly store: SettingsStore,
    private readonly users: UsersService,
    private readonly providers: ProviderService,
    private readonly changes: ChangeBus,
  ) {}

  get(): Promise<SignInSettings> {
    return this.store.get(KEY, defaultSignInSettings());
  }

  /** What the admin API shows: never the backdoor key. */
  async view(): Promise<SignInSettingsView> {
    return viewSignInSettings(await this.get());
  }

  async update(input: SignInSettingsInput): Promise<SignInSettingsView> {
    const domains = parseDomainList(input.allowedEmailDomains);
    if (!domains.ok) throw fieldError(domains.field, domains.reason);
    const cidrs = parseCidrs(input.apiAccess.allowedCidrs);
    if (!cidrs.ok) throw fieldError('apiAccess.allowedCidrs', `not an IP address or CIDR range: ${cidrs.invalid.join(', ')}`);
    const providerId = await this.providerNamed(input.autoRedirect.providerId);
    const current = await this.get();
    const backdoor = {
      enabled: input.backdoor.enabled,
      key: nextBackdoorKey(current.backdoor.key, input.backdoor.key),
      allowedGroups: input.backdoor.allowedGroups,
    };
    const autoRedirect = { enabled: input.autoRedirect.enabled, providerId, delaySeconds: input.autoRedirect.delaySeconds };
    const next: SignInSettings = {
      ...input,
      autoRedirect,
      backdoor,
      allowedEmailDomains: domains.domains,
      adminGroups: input.adminGroups ?? current.adminGroups,
      adminSession: input.adminSession ?? current.adminSession,
    };
    const problems = validateSignInSettings(next);
    if (problems.length > 0) {
      throw fieldErrors('VALIDATION_FAILED', problems);
    }
    const guard = await this.lockoutGuard(next);
    if (!guard.ok) throw new DomainError('LOCKOUT_GUARD', guard.reason);
    // Judged and saved under the admin lock that disabling or deleting a user takes, against the
    // stored document rather than the cache: a disabling on another instance cannot slip in between.
    await this.users.underAdminLock(async (tx, countEnabled) => {
      await this.refuseNoAdminLeft(tx, next, countEnabled);
      await this.store.put(KEY, next, tx);
    });
    // Announced again after commit: the put's own notice may be heard before the row is visible.
    await this.changes.publish({ kind: 'settings', id: KEY });
    return viewSignInSettings(next);
  }

  /** The auto-redirect provider by id or slug, stored as its id; a name that matches no provider is refused. */
  private async providerNamed(idOrSlug: string | null): Promise<string | null> {
    if (idOrSlug === null) return null;
    const provider = await this.providers.find(idOrSlug);
    // One saved before its provider was deleted stays, so a GET answer can be put back.
    if (!provider && (await this.get()).autoRedirect.providerId === idOrSlug) return idOrSlug;
    if (!provider) {
      throw fieldErrors('UNPROCESSABLE', [
        { field: 'autoRedirect.providerId', reason: `names no provider: "${idOrSlug}" is neither a provider's id nor its slug` },
      ]);
    }
    return provider.id;
  }

  /** Admin API tokens are accepted only from these networks; empty = anywhere. */
  async isAdminNetworkAllowed(ip: string): Promise<boolean> {
    const settings = await this.get();
    const cidrs = settings.apiAccess.allowedCidrs;
    if (cidrs.length === 0) return true;
    if (this.networks.cidrs !== cidrs) {
      const parsed = parseCidrs(cidrs);
      this.networks = { cidrs, ranges: parsed.ok ? parsed.ranges : [] };
    }
    return ipInRanges(ip, this.networks.ranges);
  }

  /** The console role of a signed-in person with these (lower-cased) groups, or null. */
  async adminRoleOf(groups: Pick<ReadonlySet<string>, 'has'>): Promise<AdminRole | null> {
    return adminRoleOf(groups, (await this.get()).adminGroups);
  }

  /**
   * Under the admin lock (`lockedIn` answers it for the caller's transaction, or UsersService.underAdminLock
   * gave it), against the stored document: refuses (LOCKOUT_GUARD) `next` if it leaves no enabled admin.
   */
  async refuseNoAdminLeft(
    tx: EntityManager,
    next: SignInSettings,
    countEnabled: (groups: readonly string[]) => Promise<number>,
  ): Promise<void> {
    const stored = await this.store.getFresh(KEY, defaultSignInSettings(), tx);
    const adminLeft = await this.adminLeftGuard(stored, next, countEnabled);
    if (!adminLeft.ok) throw new DomainError('LOCKOUT_GUARD', adminLeft.reason);
  }

  /** Takes the admin lock in the caller's transaction; a write of these settings there then calls refuseNoAdminLeft. */
  lockedIn(tx: EntityManager): Promise<(groups: readonly string[]) => Promise<number>> {
    return this.users.adminLockIn(tx);
  }

  /** "No admin left": the admin groups of `next` keep an enabled member if `current`'s had one. */
  async adminLeftGuard(
    current: SignInSettings,
    next: SignInSettings,
    count: (groups: readonly string[]) => Promise<number> = (groups) => this.users.countActiveMembers(groups),
  ): Promise<ReturnType<typeof checkAdminLeft>> {
    if (sameNames(current.adminGroups.admin, next.adminGroups.admin)) return { ok: true };
    // One after the other: `count` may run on one transaction's connection.
    const adminsBefore = await count(current.adminGroups.admin);
    const adminsAfter = await count(next.adminGroups.admin);
    return checkAdminLeft(next.adminGroups, { adminsBefore, adminsAfter });
  }

  /** The lock-out guard on settings about to be saved (by PUT or by an import), with today's directory. */
  async lockoutGuard(next: SignInSettings): Promise<LockoutGuardDecision> {
    const access = await this.users.localPasswordAccess(next.backdoor.allowedGroups);
    return checkLockoutGuard(next, {
      activeUserWithPassword: access.withPassword,
      activeUserWithPasswordInAllowedGroups: access.inGroups,
    });
  }
}

function sameNames(a: readonly string[], b: readonly string[]): boolean {
  const norm = (names: readonly string[]) => [...new Set(names.map((n) => n.trim().toLowerCase()))].sort().join('\n');
  return norm(a) === norm(b);
}

function fieldError(field: string, reason: string): DomainError {
  return new DomainError('VALIDATION_FAILED', `${field}: ${reason}`, { errors: [{ field, reason }] });
}
