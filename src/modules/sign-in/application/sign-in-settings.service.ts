import { Injectable } from '@nestjs/common';
import { fieldErrors, DomainError } from '../../../common/domain-error.js';
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
    const adminLeft = await this.adminLeftGuard(current, next);
    if (!adminLeft.ok) throw new DomainError('LOCKOUT_GUARD', adminLeft.reason);
    await this.store.put(KEY, next);
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

  /** "No admin left": the admin groups of `next` keep an enabled member if `current`'s had one. */
  async adminLeftGuard(current: SignInSettings, next: SignInSettings): Promise<ReturnType<typeof checkAdminLeft>> {
    if (sameNames(current.adminGroups.admin, next.adminGroups.admin)) return { ok: true };
    const [adminsBefore, adminsAfter] = await Promise.all([
      this.users.countActiveMembers(current.adminGroups.admin),
      this.users.countActiveMembers(next.adminGroups.admin),
    ]);
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
