import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export type ApiTokenScope = 'admin' | 'read';

@Entity('api_tokens')
export class ApiTokenEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('text')
  name: string;

  @Column('text')
  scope: ApiTokenScope;

  /**
   * SHA-256 of the token (unique): generated tokens are 256-bit random and SESAME_ADMIN_TOKEN is at
   * least 24 characters the operator chose at random, so a fast hash is enough.
   */
  @Column({ type: 'bytea', name: 'token_hash', select: false })
  tokenHash: Buffer;

  /** `ses_…` and the start of the id, to tell tokens apart in a list; never part of the token. */
  @Column({ type: 'text', name: 'token_prefix' })
  tokenPrefix: string;

  @Column({ type: 'timestamptz', name: 'created_at', default: () => 'now()' })
  createdAt: Date;

  @Column({ type: 'timestamptz', name: 'last_used_at', nullable: true })
  lastUsedAt: Date | null;

  @Column({ type: 'timestamptz', name: 'revoked_at', nullable: true })
  revokedAt: Date | null;
}
