import { Injectable } from '@nestjs/common';
import { fieldErrors } from '../../../common/domain-error.js';
import { ProviderService } from '../../provider/index.js';
import { SettingsStore } from '../../settings/index.js';
import {
  chooseProvider,
  staleRules,
  validateRedirectRules,
  type ProviderChoice,
  type RedirectRule,
  type RedirectRules,
} from '../domain/redirect-rules.js';

const KEY = 'redirect-rules';
const DEFAULTS: RedirectRules = { enabled: false, rules: [], defaultProviderId: null };

/** Ordered email-domain rules that choose the provider, and the default rule. */
@Injectable()
export class RedirectRulesService {
  constructor(
    private readonly store: SettingsStore,
    private readonly providers: ProviderService,
  ) {}

  get(): Promise<RedirectRules> {
    return this.store.get(KEY, DEFAULTS);
  }

  /** The rules with those that point at a deleted or disabled provider (they are skipped). */
  async describe(): Promise<RedirectRules & { staleRules: string[] }> {
    const rules = await this.get();
    return { ...rules, staleRules: staleRules(rules, await this.usableProviderIds()) };
  }

  /**
   * Takes the rules as they arrive from the API: checked field by field, then every provider they
   * name — by id or by slug — must exist (stored as its id), so no rule is stale from the start.
   */
  async put(input: unknown): Promise<RedirectRules & { staleRules: string[] }> {
    const plain = JSON.parse(JSON.stringify(input)) as RedirectRules & { staleRules?: unknown };
    // Read-only: what GET reports, accepted so that a GET answer can be put back.
    delete plain.staleRules;
    const problems = validateRedirectRules(plain);
    if (problems.length > 0) throw fieldErrors('VALIDATION_FAILED', problems);
    await this.store.put(KEY, await this.withProviderIds(plain));
    return this.describe();
  }

  private async withProviderIds(rules: RedirectRules): Promise<RedirectRules> {
    // A reference saved before its provider was deleted stays (GET reports it in staleRules),
    // so a GET answer can still be put back; a new one must name a provider.
    const stored = await this.get();
    const saved = new Set([...stored.rules.map((rule) => rule.providerId), stored.defaultProviderId]);
    const missing: { field: string; reason: string }[] = [];
    const idOf = async (field: string, name: string): Promise<string> => {
      const provider = await this.providers.find(name);
      if (!provider && !saved.has(name))
        missing.push({ field, reason: `names no provider: "${name}" is neither a provider's id nor its slug` });
      return provider?.id ?? name;
    };
    const resolved: RedirectRule[] = [];
    for (const [index, rule] of rules.rules.entries()) {
      resolved.push({ ...rule, providerId: await idOf(`rules[${index}].providerId`, rule.providerId) });
    }
    const defaultProviderId = rules.defaultProviderId === null ? null : await idOf('defaultProviderId', rules.defaultProviderId);
    if (missing.length > 0) throw fieldErrors('UNPROCESSABLE', missing);
    return { enabled: rules.enabled, rules: resolved, defaultProviderId };
  }

  async choose(email: string): Promise<ProviderChoice> {
    return chooseProvider(email, await this.get(), await this.usableProviderIds());
  }

  private async usableProviderIds(): Promise<Set<string>> {
    return new Set((await this.providers.list()).filter((p) => p.enabled).map((p) => p.id));
  }
}
