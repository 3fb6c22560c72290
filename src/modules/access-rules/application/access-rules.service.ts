import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { ChangeBus } from '../../../common/change-bus.js';
import { DomainError } from '../../../common/domain-error.js';
import { SettingsStore } from '../../settings/index.js';
import { checkAccessRules, NO_ACCESS_RULES, type AccessRules } from '../domain/access-rules.js';

export const ACCESS_RULES_KEY = 'access-rules';

/**
 * The per-application rules, kept in memory: forward-auth reads them on every request of every
 * protected app, so after the first read they cost no database query. A change on any instance
 * reaches every other through the change bus (a `settings` change of this key).
 */
@Injectable()
export class AccessRulesService implements OnModuleDestroy {
  private cached: AccessRules | undefined;
  private generation = 0;
  private readonly unsubscribe: () => void;

  constructor(
    private readonly store: SettingsStore,
    changes: ChangeBus,
  ) {
    this.unsubscribe = changes.subscribe((change) => {
      if (change.kind === 'all' || (change.kind === 'settings' && change.id === ACCESS_RULES_KEY)) {
        this.cached = undefined;
        this.generation++;
      }
    });
  }

  onModuleDestroy(): void {
    this.unsubscribe();
  }

  /** The rules: from memory (no promise to await) once loaded. */
  current(): AccessRules | Promise<AccessRules> {
    return this.cached ?? this.load();
  }

  get(): Promise<AccessRules> {
    return Promise.resolve(this.current());
  }

  /** Replaces the whole ordered list, as it arrives from the API or an import; every field is checked. */
  async put(input: unknown, manager?: EntityManager): Promise<AccessRules> {
    const checked = this.check(input);
    await this.store.put(ACCESS_RULES_KEY, checked, manager);
    return checked;
  }

  check(input: unknown): AccessRules {
    const checked = checkAccessRules(input);
    if (!checked.ok) {
      throw new DomainError('VALIDATION_FAILED', checked.errors.map((e) => `${e.field}: ${e.reason}`).join('; '), {
        errors: checked.errors,
      });
    }
    return checked.rules;
  }

  private async load(): Promise<AccessRules> {
    const generation = this.generation;
    const rules = await this.store.get<AccessRules>(ACCESS_RULES_KEY, NO_ACCESS_RULES);
    // A change that arrived while reading makes this copy stale: answer with it once, keep none.
    if (generation === this.generation) this.cached = rules;
    return rules;
  }
}
