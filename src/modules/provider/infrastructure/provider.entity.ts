import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { PresetName } from '../domain/presets.js';
import type { ResyncSettings } from '../domain/resync-settings.js';
import type { ClientAuthMethod, ProviderEndpoints, ProviderKind } from '../domain/provider.js';

@Entity('providers')
export class ProviderEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('text') slug: string;
  @Column({ type: 'text', name: 'display_name' }) displayName: string;
  @Column('text') kind: ProviderKind;
  @Column('text') preset: PresetName;
  @Column({ type: 'text', nullable: true }) issuer: string | null;
  @Column({ type: 'jsonb' }) endpoints: ProviderEndpoints;
  @Column({ type: 'text', name: 'client_id' }) clientId: string;
  /** AES-256-GCM sealed with SESAME_SECRET_KEY; never selected unless asked for. */
  @Column({ type: 'text', name: 'client_secret_sealed', nullable: true, select: false }) clientSecretSealed: string | null;
  @Column({ type: 'text', array: true }) scopes: string[];
  @Column({ type: 'text', name: 'client_auth_method' }) clientAuthMethod: ClientAuthMethod;
  @Column({ type: 'jsonb', name: 'authorize_params' }) authorizeParams: Record<string, string>;
  @Column({ type: 'text', name: 'subject_attribute', nullable: true }) subjectAttribute: string | null;
  @Column({ type: 'text', name: 'allowed_tenants', array: true }) allowedTenants: string[];
  @Column({ type: 'boolean', name: 'trusted_for_email' }) trustEmail: boolean;
  @Column({ type: 'boolean', name: 'logout_at_provider' }) logoutAtProvider: boolean;
  @Column({ type: 'jsonb' }) resync: ResyncSettings;
  @Column({ type: 'text', name: 'button_text', nullable: true }) buttonText: string | null;
  @Column({ type: 'text', name: 'icon_url', nullable: true }) iconUrl: string | null;
  @Column({ type: 'integer', name: 'sort_order' }) order: number;
  @Column('boolean') enabled: boolean;
  @Column({ type: 'timestamptz', name: 'created_at', default: () => 'now()' }) createdAt: Date;
  @Column({ type: 'timestamptz', name: 'updated_at', default: () => 'now()' }) updatedAt: Date;
}
