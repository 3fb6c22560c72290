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

  /** SHA-256 of the token: tokens are 256-bit random, so a fast hash is enough. */
  @Column({ type: 'bytea', name: 'token_hash', select: false })
  tokenHash: Buffer;

  /** The first characters, to tell tokens apart in a list. */
  @Column({ type: 'text', name: 'token_prefix' })
  tokenPrefix: string;

  @Column({ type: 'timestamptz', name: 'created_at', default: () => 'now()' })
  createdAt: Date;

  @Column({ type: 'timestamptz', name: 'last_used_at', nullable: true })
  lastUsedAt: Date | null;

  @Column({ type: 'timestamptz', name: 'revoked_at', nullable: true })
  revokedAt: Date | null;
}
