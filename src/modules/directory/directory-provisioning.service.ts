import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AccountsRepository, type NewUser, type UserChanges } from './infrastructure/accounts.repository.js';
import { MembershipsRepository, type MembershipChanges } from './infrastructure/memberships.repository.js';

/** What a sign-in does to the directory, decided by the login's rules; written by the directory alone. */
export interface LoginPlan {
  readonly providerId: string;
  readonly subject: string;
  readonly user: { readonly create: NewUser } | { readonly userId: string; readonly changes: UserChanges };
  /** Link (provider, sub) to the user; with `relink`, first drop the user's links to other subjects of this provider. */
  readonly link: boolean;
  readonly relink: boolean;
  /** null: the memberships stay as they are. */
  readonly memberships: MembershipChanges | null;
  readonly groupsHash: string | null;
  readonly now: Date;
  /** false: a background re-sync, not a sign-in (the user's last login time stays). */
  readonly signedIn?: boolean;
  /**
   * The sign-in was stamped already by `accounts.signInByIdentity` for this user and link, which
   * read this group hash: the link is written again only when the hash changes.
   */
  readonly recordedSignIn?: { readonly storedGroupsHash: string | null };
}

export interface AppliedLoginPlan {
  readonly userId: string;
  /** Subjects of this provider whose link to the user the plan replaced. */
  readonly replacedSubjects: readonly string[];
}

/**
 * The directory's writes for sign-in and provisioning, run in the caller's transaction, so a
 * login writes its user, memberships, identity link and session all or nothing. An unchanged
 * sign-in whose stamp `accounts.signInByIdentity` wrote already writes nothing more here.
 */
@Injectable()
export class DirectoryProvisioning {
  constructor(
    readonly accounts: AccountsRepository,
    readonly memberships: MembershipsRepository,
  ) {}

  async applyLoginPlan(tx: EntityManager, plan: LoginPlan): Promise<AppliedLoginPlan> {
    let userId: string;
    if ('create' in plan.user) {
      userId = await this.accounts.createUser(tx, plan.user.create, plan.now, true);
    } else {
      userId = plan.user.userId;
      const stampSignIn = (plan.signedIn ?? true) && !plan.recordedSignIn;
      await this.accounts.updateUser(tx, userId, plan.user.changes, plan.now, stampSignIn);
    }
    const identity = { providerId: plan.providerId, subject: plan.subject, userId, groupsHash: plan.groupsHash };
    const touch = !plan.link && (!plan.recordedSignIn || plan.recordedSignIn.storedGroupsHash !== plan.groupsHash);
    // The existing link's new hash rides on the membership change when there is one.
    const stamp = touch && plan.memberships ? { ...identity, at: plan.now } : undefined;
    if (plan.memberships) await this.memberships.apply(tx, userId, plan.memberships, stamp);
    const replacedSubjects = plan.relink ? await this.accounts.unlinkOtherSubjects(tx, userId, plan.providerId, plan.subject) : [];
    if (plan.link) await this.accounts.linkIdentity(tx, identity, plan.now);
    else if (touch && !stamp) await this.accounts.touchIdentity(tx, identity, plan.now);
    return { userId, replacedSubjects };
  }
}
