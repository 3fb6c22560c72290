import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { ChangeBus } from '../../../common/change-bus.js';
import { fieldErrors, DomainError, conflict, notFound } from '../../../common/domain-error.js';
import { uniqueViolationField } from '../../../common/database-errors.js';
import { SecretBox } from '../../../common/secret-box.js';
import type { ProviderEntity } from '../infrastructure/provider.entity.js';
import { ProvidersRepository } from '../infrastructure/providers.repository.js';
import { PRESETS, type PresetName } from '../domain/presets.js';
import type { Provider, ProviderKind, ProviderSettings } from '../domain/provider.js';
import { validateProvider, type FieldProblem } from '../domain/validate-provider.js';
import { resyncWithDefaults, validateResync, type ResyncSettings } from '../domain/resync-settings.js';
import { OidcClients } from './oidc-clients.js';
import { unsafeUrlReason } from './url-safety.js';

type RequiredSetting = 'slug' | 'displayName' | 'kind' | 'preset' | 'clientId';

/** A provider as the admin API and the config import write it: the settings, most optional (defaults fill them), and the secret. */
export type ProviderInput = Pick<ProviderSettings, RequiredSetting> &
  Partial<Omit<ProviderSettings, RequiredSetting | 'resync'>> & {
    /** undefined: keep; null: remove; string: replace. */
    readonly clientSecret?: string | null;
    /** The members named replace the stored ones (or the defaults). */
    readonly resync?: Partial<ResyncSettings>;
  };

/** `fields`: the provider as it would be stored (defaults filled in), without the secret. */
export type ProviderValidation = { ok: true; fields: ProviderSettings } | { ok: false; problems: FieldProblem[] };

export interface ProviderWithSecret {
  readonly provider: Provider;
  readonly clientSecret: string | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const SLUG = /^[a-z0-9-]{2,40}$/;

/** Endpoints Sesame calls itself (discovery, by the issuer, is checked too); the others only browsers visit. */
const SERVER_SIDE_ENDPOINTS = new Set(['token', 'userinfo', 'jwks']);

/** The preset's scopes; a plain OAuth 2.0 provider is not OpenID Connect, so it is not asked for `openid`. */
export function defaultScopes(kind: ProviderKind, preset: PresetName): string[] {
  return PRESETS[preset].scopes.filter((scope) => kind === 'oidc' || scope !== 'openid');
}

export const secretPurpose = (providerId: string) => `provider-client-secret:${providerId}`;

@Injectable()
export class ProviderService implements OnModuleDestroy {
  private readonly bySlug = new Map<string, Promise<ProviderWithSecret | null>>();
  private readonly unsubscribe: () => void;

  constructor(
    private readonly providers: ProvidersRepository,
    private readonly secrets: SecretBox,
    private readonly clients: OidcClients,
    private readonly changes: ChangeBus,
  ) {
    this.unsubscribe = changes.subscribe((change) => {
      if (change.kind !== 'provider' && change.kind !== 'all') return;
      this.bySlug.clear();
      if (change.kind === 'all') this.clients.invalidateAll();
      else this.clients.invalidate(change.id);
    });
  }

  onModuleDestroy(): void {
    this.unsubscribe();
  }

  list(): Promise<Provider[]> {
    return this.providers.list();
  }

  async get(id: string): Promise<Provider> {
    return this.getWithin(undefined, id);
  }

  /**
   * The provider a path or a document names, by id or by slug: one rule wherever a provider is
   * named. (A slug may look like a UUID, so an id is tried first, then the slug.)
   */
  async resolve(idOrSlug: string): Promise<Provider> {
    const found = await this.find(idOrSlug);
    if (!found) throw notFound('Provider', idOrSlug);
    return found;
  }

  /** As resolve(), or null when nothing has that id or slug. */
  async find(idOrSlug: string): Promise<Provider | null> {
    const byId = UUID.test(idOrSlug) ? await this.providers.findById(idOrSlug) : null;
    return byId ?? (SLUG.test(idOrSlug) ? this.providers.findBySlug(idOrSlug) : null);
  }

  async hasSecret(id: string): Promise<boolean> {
    return this.providers.hasSecret(id);
  }

  /** The provider and its opened secret, for the login flow; cached until any instance changes a provider. */
  findBySlug(slug: string): Promise<ProviderWithSecret | null> {
    let pending = this.bySlug.get(slug);
    if (!pending) {
      pending = this.loadWithSecret(slug);
      this.bySlug.set(slug, pending);
      pending.catch(() => this.bySlug.delete(slug));
    }
    return pending;
  }

  /**
   * The provider rules, then the network checks, for fields whose shape the API's DTO accepted —
   * as a list rather than an error, so a configuration import can report every problem at once.
   * Nothing is written.
   */
  async validate(input: ProviderInput): Promise<ProviderValidation> {
    const fields = this.withDefaults(input);
    try {
      await this.check(fields);
      return { ok: true, fields };
    } catch (error) {
      if (error instanceof DomainError) return { ok: false, problems: fieldProblems(error) };
      throw error;
    }
  }

  /**
   * With `manager`, the provider is written inside the caller's transaction: the caller has run
   * validate() first (no network calls inside a transaction) and announces the change after commit.
   */
  async create(input: ProviderInput, manager?: EntityManager): Promise<Provider> {
    const fields = this.withDefaults(input);
    if (manager)
      return this.insert(manager, fields, input.clientSecret).catch((error: unknown) => Promise.reject(this.translate(error, input.slug)));
    await this.check(fields);
    try {
      const saved = await this.providers.transaction((tx) => this.insert(tx, fields, input.clientSecret));
      await this.changes.publish({ kind: 'provider', id: saved.id });
      return this.get(saved.id);
    } catch (error) {
      throw this.translate(error, input.slug);
    }
  }

  /** With `manager`: inside the caller's transaction, on the terms of create(). */
  async update(id: string, input: Partial<ProviderInput>, manager?: EntityManager): Promise<Provider> {
    const current = manager ? await this.getWithin(manager, id) : await this.get(id);
    const merged = this.withDefaults({
      ...current,
      scopes: [...current.scopes],
      allowedTenants: [...current.allowedTenants],
      ...stripUndefined(input),
      // A partial `resync` changes only the members it names.
      resync: { ...current.resync, ...input.resync },
    });
    if (!manager) await this.check(merged);
    const changes: Partial<ProviderEntity> = { ...merged, updatedAt: new Date() };
    if (input.clientSecret !== undefined) {
      changes.clientSecretSealed = input.clientSecret === null ? null : this.secrets.seal(input.clientSecret, secretPurpose(id));
    }
    try {
      await this.providers.update(id, changes, manager);
    } catch (error) {
      throw this.translate(error, merged.slug);
    }
    if (manager) return this.getWithin(manager, id);
    await this.changes.publish({ kind: 'provider', id });
    return this.get(id);
  }

  async setEnabled(id: string, enabled: boolean): Promise<Provider> {
    if (!(await this.providers.update(id, { enabled, updatedAt: new Date() }))) throw notFound('Provider', id);
    await this.changes.publish({ kind: 'provider', id });
    return this.get(id);
  }

  /** Sets the login-page order: the providers listed first, in that order; the rest after. */
  async reorder(ids: string[]): Promise<Provider[]> {
    await this.providers.transaction(async (tx) => {
      for (const [index, id] of ids.entries()) {
        if (!(await this.providers.update(id, { order: index, updatedAt: new Date() }, tx))) throw notFound('Provider', id);
      }
    });
    for (const id of ids) await this.changes.publish({ kind: 'provider', id });
    return this.list();
  }

  async delete(id: string): Promise<void> {
    if (!(await this.providers.delete(id))) throw notFound('Provider', id);
    await this.changes.publish({ kind: 'provider', id });
  }

  private async insert(
    tx: EntityManager,
    fields: ReturnType<ProviderService['withDefaults']>,
    clientSecret: string | null | undefined,
  ): Promise<Provider> {
    const id = await this.providers.insert(fields, tx);
    if (clientSecret) await this.providers.update(id, { clientSecretSealed: this.secrets.seal(clientSecret, secretPurpose(id)) }, tx);
    return this.getWithin(tx, id);
  }

  private async getWithin(manager: EntityManager | undefined, id: string): Promise<Provider> {
    const provider = await this.providers.findById(id, manager);
    if (!provider) throw notFound('Provider', id);
    return provider;
  }

  private withDefaults(input: ProviderInput) {
    const preset = PRESETS[input.preset];
    return {
      slug: input.slug,
      displayName: input.displayName,
      kind: input.kind,
      preset: input.preset,
      // Exactly as given: issuers are compared as identical strings, trailing "/" included.
      issuer: input.issuer || null,
      endpoints: input.endpoints ?? {},
      clientId: input.clientId,
      // Fresh copies: the stored row owns its arrays, not the caller.
      scopes: input.scopes?.length ? [...input.scopes] : defaultScopes(input.kind, input.preset),
      clientAuthMethod: input.clientAuthMethod ?? preset.clientAuthMethod,
      authorizeParams: { ...input.authorizeParams },
      subjectAttribute: input.subjectAttribute ?? null,
      allowedTenants: [...(input.allowedTenants ?? [])],
      trustEmail: input.trustEmail ?? false,
      logoutAtProvider: input.logoutAtProvider ?? false,
      resync: resyncWithDefaults(input.resync),
      buttonText: input.buttonText ?? null,
      iconUrl: input.iconUrl ?? null,
      order: input.order ?? 0,
      enabled: input.enabled ?? true,
    };
  }

  /** Pure rules first, then the network: every URL is safe to fetch and discovery names the same issuer. */
  private async check(fields: ReturnType<ProviderService['withDefaults']>): Promise<void> {
    const insecureAllowed = this.clients.allowsInsecure(fields.issuer);
    const problems = [...validateProvider(fields, insecureAllowed), ...validateResync(fields.resync)];
    if (problems.length > 0) {
      throw fieldErrors('VALIDATION_FAILED', problems);
    }
    // Only the URLs Sesame itself fetches can be turned against its network; the browser-only
    // ones (authorization, end session) had their scheme and form checked above.
    const urls: [string, string][] = Object.entries(fields.endpoints)
      .filter(([name]) => SERVER_SIDE_ENDPOINTS.has(name))
      .map(([k, v]) => [`endpoints.${k}`, v as string]);
    if (fields.issuer) urls.unshift(['issuer', fields.issuer]);
    for (const [field, url] of urls) {
      const reason = await unsafeUrlReason(url, insecureAllowed);
      if (reason) throw new DomainError('UNPROCESSABLE', `${field}: ${url} ${reason}`, { field });
    }
    // discover() refuses an issuer that is not identical to the discovered one (PROVIDER_ISSUER_MISMATCH).
    if (fields.kind === 'oidc' && fields.issuer) await this.clients.discover(fields.issuer);
  }

  private async loadWithSecret(slug: string): Promise<ProviderWithSecret | null> {
    const row = await this.providers.findWithSecretBySlug(slug);
    if (!row) return null;
    const { clientSecretSealed, ...provider } = row;
    return { provider, clientSecret: clientSecretSealed ? this.secrets.open(clientSecretSealed, secretPurpose(row.id)) : null };
  }

  private translate(error: unknown, slug: string): unknown {
    return uniqueViolationField(error) === 'slug' ? conflict('slug', `A provider with slug "${slug}" already exists`) : error;
  }
}

/** A refusal as field problems: the rule checks carry a list, the network checks one field. */
function fieldProblems(error: DomainError): FieldProblem[] {
  const listed = error.details?.errors;
  if (Array.isArray(listed)) return listed as FieldProblem[];
  const field = typeof error.details?.field === 'string' ? error.details.field : '';
  const reason = field && error.message.startsWith(`${field}: `) ? error.message.slice(field.length + 2) : error.message;
  return [{ field, reason }];
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
