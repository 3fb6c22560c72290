import { Column, Entity, PrimaryColumn } from 'typeorm';

/** How a membership came about: an administrator, an SSO login's group mapping, a default group, or SCIM provisioning. */
export type MembershipOrigin = 'manual' | 'sso' | 'default' | 'scim' | 'resync';

@Entity('memberships')
export class MembershipEntity {
  @PrimaryColumn({ type: 'uuid', name: 'user_id' })
  userId: string;

  @PrimaryColumn({ type: 'uuid', name: 'group_id' })
  groupId: string;

  @Column('text')
  origin: MembershipOrigin;

  @Column({ type: 'timestamptz', name: 'created_at', default: () => 'now()' })
  createdAt: Date;
}
