/** What the audit log records. Pure types: the login flow and the admin services build these. */
export const AUDIT_EVENT_TYPES = [
  'login',
  'logout',
  'backdoor_login',
  'admin_change',
  'session_revoked',
  'config_export',
  'scim',
  'resync',
] as const;
export type AuditEventType = (typeof AUDIT_EVENT_TYPES)[number];

export const AUDIT_OUTCOMES = ['success', 'failure'] as const;
export type AuditOutcome = (typeof AUDIT_OUTCOMES)[number];

export interface AuditEventInput {
  readonly type: AuditEventType;
  readonly outcome: AuditOutcome;
  /** The reason code of a refusal (SSO_DOMAIN_NOT_ALLOWED…); null for a plain success. */
  readonly code?: string | null;
  readonly providerId?: string | null;
  readonly providerSlug?: string | null;
  readonly userId?: string | null;
  readonly username?: string | null;
  /** Who acted, for admin changes: `api-token:<name> (<id>)`. */
  readonly actor?: string | null;
  readonly ip?: string | null;
  readonly userAgent?: string | null;
  readonly requestId?: string | null;
  /** Rules fired, groups added/removed/created, before/after… Secrets are redacted before writing. */
  readonly details?: Readonly<Record<string, unknown>>;
}

export type AdminAction = 'create' | 'update' | 'delete';
export type AdminEntity =
  | 'provider'
  | 'user'
  | 'group'
  | 'membership'
  | 'api_token'
  | 'settings'
  | 'redirect_rule'
  | 'look_and_feel'
  | 'user_mapping'
  | 'group_mapping'
  | 'session'
  | 'identity_link'
  | 'scim_token'
  | 'configuration';

/** Who made an admin change and from where (see `auditContextOf`). */
export interface AuditRequestContext {
  readonly actor: string | null;
  readonly ip: string | null;
  readonly userAgent: string | null;
  readonly requestId: string | null;
}

export interface AdminChangeInput {
  readonly actor: string | null;
  readonly action: AdminAction;
  readonly entity: AdminEntity;
  readonly entityId: string;
  /** The entity before the change (null on create); never a password hash or a token. */
  readonly before: unknown;
  /** The entity after the change (null on delete). */
  readonly after: unknown;
  readonly requestId?: string | null;
  readonly ip?: string | null;
  readonly userAgent?: string | null;
}

/** An event as the admin API returns it. The id is a string: it is a bigint. */
export interface AuditEvent {
  readonly id: string;
  readonly occurredAt: Date;
  readonly type: string;
  readonly outcome: AuditOutcome;
  readonly code: string | null;
  readonly providerId: string | null;
  readonly providerSlug: string | null;
  readonly userId: string | null;
  readonly username: string | null;
  readonly actor: string | null;
  readonly ip: string | null;
  readonly userAgent: string | null;
  readonly requestId: string | null;
  readonly details: Record<string, unknown>;
}

/** The caller of the admin API, as the bearer guard sets it on the request. */
/** An API token, or a person using the admin console with their session (by username and user id). */
export type AuditActor =
  | { readonly kind: 'token'; readonly tokenId: string; readonly name: string }
  | { readonly kind: 'session'; readonly userId: string; readonly name: string };

export function describeActor(actor: AuditActor | undefined): string | null {
  if (!actor) return null;
  return actor.kind === 'session' ? `user:${actor.name} (${actor.userId})` : `api-token:${actor.name} (${actor.tokenId})`;
}
