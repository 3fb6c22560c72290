import { Injectable } from '@nestjs/common';
import { DomainError } from '../../../common/domain-error.js';
import { ProviderService } from '../../provider/index.js';
import { SettingsStore } from '../../settings/index.js';
import { chooseProvider, staleRules, validateRedirectRules, type ProviderChoice, type RedirectRules } from '../domain/redirect-rules.js';

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

  /** Takes the rules as they arrive from the API or an import: they are checked here, field by field. */
  async put(input: unknown): Promise<RedirectRules & { staleRules: string[] }> {
    const plain = JSON.parse(JSON.stringify(input)) as RedirectRules;
    const problems = validateRedirectRules(plain);
    if (problems.length > 0) {
      throw new DomainError('VALIDATION_FAILED', problems.map((p) => `${p.field}: ${p.reason}`).join('; '), { errors: problems });
    }
    await this.store.put(KEY, plain);
    return this.describe();
  }

  async choose(email: string): Promise<ProviderChoice> {
    return chooseProvider(email, await this.get(), await this.usableProviderIds());
  }

  private async usableProviderIds(): Promise<Set<string>> {
    return new Set((await this.providers.list()).filter((p) => p.enabled).map((p) => p.id));
  }
}
