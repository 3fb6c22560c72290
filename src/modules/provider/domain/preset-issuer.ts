/**
 * A preset's issuer as a template of the fields its form asks for (`https://{host}`): the admin
 * console fills it as the administrator types, and the server derives from the same template the
 * pattern it checks a saved issuer against, so the two cannot drift apart.
 */
export interface PresetField {
  readonly key: string;
  readonly label: string;
  readonly hint: string;
  /** An example shown in the empty input. */
  readonly placeholder: string;
  /** What an empty input stands for ('' for none). */
  readonly default: string;
  readonly required: boolean;
  /** What the whole value must match (a regular expression's source); null: anything. */
  readonly pattern: string | null;
  /** Written before a non-empty value in the issuer (Okta's `/oauth2/` before a server id). */
  readonly prefix: string;
}

/** `{key}` placeholders; anything else is literal text. */
const PLACEHOLDER = /\{([a-z]+)\}/g;

/** The issuer for these values: an empty or missing value takes the field's default. */
export function fillIssuer(template: string, fields: readonly PresetField[], values: Readonly<Record<string, string>>): string {
  return template.replace(PLACEHOLDER, (_, key: string) => {
    const field = fields.find((f) => f.key === key);
    const value = values[key]?.trim() || field?.default || '';
    return value === '' ? '' : `${field?.prefix ?? ''}${value}`;
  });
}

/**
 * The issuers the template can produce: literal text as is, each field by its pattern (optional
 * when the field may stay empty). null when a field takes anything: there is nothing to check.
 */
export function issuerPatternOf(template: string, fields: readonly PresetField[]): RegExp | null {
  let source = '';
  let last = 0;
  for (const match of template.matchAll(PLACEHOLDER)) {
    const field = fields.find((f) => f.key === match[1]);
    if (!field || field.pattern === null) return null;
    const part = `${escape(field.prefix)}(?:${field.pattern})`;
    source += escape(template.slice(last, match.index)) + (field.required || field.default !== '' ? `(?:${part})` : `(?:${part})?`);
    last = match.index + match[0].length;
  }
  return new RegExp(`^${source}${escape(template.slice(last))}$`);
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
