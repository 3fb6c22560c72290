import { isRecord } from './check-shape.js';
import { CONFIG_FORMAT, CONFIG_VERSION, type FieldProblem } from './config-document.js';

/** A document whose envelope is right; its parts are checked by the rules of the modules that own them. */
export interface RawDocument {
  readonly secretsSalt: string | null;
  readonly providers: readonly RawProviderEntry[];
  readonly signInSettings?: unknown;
  readonly redirectRules?: unknown;
  readonly lookAndFeel?: unknown;
  readonly accessRules?: unknown;
}

/** A provider entry split into what the provider, its mappings and its secret are checked by. */
export interface RawProviderEntry {
  /** Where it is in the document (`providers[2]`), for problems. */
  readonly at: string;
  readonly slug: string | null;
  readonly fields: Record<string, unknown>;
  readonly userMapping?: unknown;
  readonly groupMapping?: unknown;
  /** undefined: keep the stored secret; null: remove it. */
  readonly clientSecret?: string | null;
  readonly sealedClientSecret?: string;
}

export interface DocumentReading {
  /** null when the envelope is wrong: then nothing else is worth checking. */
  readonly document: RawDocument | null;
  readonly problems: FieldProblem[];
}

const TOP_LEVEL_KEYS = new Set([
  'format',
  'version',
  'exportedAt',
  'secretsSalt',
  'providers',
  'signInSettings',
  'redirectRules',
  'lookAndFeel',
  'accessRules',
]);

/** Checks the envelope (format, version, known sections) and splits each provider entry. */
export function readDocument(value: unknown): DocumentReading {
  if (!isRecord(value)) return { document: null, problems: [{ field: '', reason: `must be a ${CONFIG_FORMAT} document (a JSON object)` }] };
  if (value.format !== CONFIG_FORMAT) {
    return { document: null, problems: [{ field: 'format', reason: `must be "${CONFIG_FORMAT}"` }] };
  }
  if (value.version !== CONFIG_VERSION) {
    return {
      document: null,
      problems: [{ field: 'version', reason: `must be ${CONFIG_VERSION}: this Sesame reads version ${CONFIG_VERSION}` }],
    };
  }
  const problems: FieldProblem[] = [];
  for (const key of Object.keys(value)) {
    if (!TOP_LEVEL_KEYS.has(key)) problems.push({ field: key, reason: 'is not a section of a configuration document' });
  }
  if (value.exportedAt !== undefined && typeof value.exportedAt !== 'string')
    problems.push({ field: 'exportedAt', reason: 'must be a string' });
  if (value.secretsSalt !== undefined && typeof value.secretsSalt !== 'string')
    problems.push({ field: 'secretsSalt', reason: 'must be a string' });

  const providers: RawProviderEntry[] = [];
  if (value.providers !== undefined && !Array.isArray(value.providers)) {
    problems.push({ field: 'providers', reason: 'must be a list' });
  } else {
    const seen = new Map<string, string>();
    for (const [index, item] of ((value.providers as unknown[] | undefined) ?? []).entries()) {
      const at = `providers[${index}]`;
      if (!isRecord(item)) {
        problems.push({ field: at, reason: 'must be an object' });
        continue;
      }
      const entry = splitProviderEntry(at, item, problems);
      if (entry.slug !== null) {
        const first = seen.get(entry.slug);
        if (first) problems.push({ field: `${at}.slug`, reason: `"${entry.slug}" is also the slug of ${first}` });
        else seen.set(entry.slug, at);
      }
      providers.push(entry);
    }
  }
  return {
    document: {
      secretsSalt: typeof value.secretsSalt === 'string' ? value.secretsSalt : null,
      providers,
      signInSettings: value.signInSettings,
      redirectRules: value.redirectRules,
      lookAndFeel: value.lookAndFeel,
      accessRules: value.accessRules,
    },
    problems,
  };
}

function splitProviderEntry(at: string, item: Record<string, unknown>, problems: FieldProblem[]): RawProviderEntry {
  const { userMapping, groupMapping, clientSecret, sealedClientSecret, ...fields } = item;
  if (clientSecret !== undefined && clientSecret !== null && typeof clientSecret !== 'string') {
    problems.push({ field: `${at}.clientSecret`, reason: 'must be a string or null' });
  }
  if (sealedClientSecret !== undefined && typeof sealedClientSecret !== 'string') {
    problems.push({ field: `${at}.sealedClientSecret`, reason: 'must be a string' });
  }
  if (clientSecret !== undefined && sealedClientSecret !== undefined) {
    problems.push({ field: `${at}.clientSecret`, reason: 'give either clientSecret or sealedClientSecret, not both' });
  }
  return {
    at,
    slug: typeof fields.slug === 'string' ? fields.slug : null,
    fields,
    userMapping,
    groupMapping,
    clientSecret: typeof clientSecret === 'string' || clientSecret === null ? clientSecret : undefined,
    sealedClientSecret: typeof sealedClientSecret === 'string' ? sealedClientSecret : undefined,
  };
}
