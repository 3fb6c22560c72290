/**
 * SCIM filters (RFC 7644 §3.4.2.2) parsed into a tree, and matched against a resource's JSON.
 * Besides the RFC grammar it accepts `emails[type eq "work"].value eq "x"`, which Entra ID and
 * Okta send: a value path followed by a sub-attribute comparison.
 */
export type CompareOp = 'eq' | 'ne' | 'co' | 'sw' | 'ew' | 'gt' | 'ge' | 'lt' | 'le';
export type CompareValue = string | number | boolean | null;

export type ScimFilter =
  | { readonly kind: 'compare'; readonly path: string; readonly op: CompareOp; readonly value: CompareValue }
  | { readonly kind: 'present'; readonly path: string }
  | { readonly kind: 'and' | 'or'; readonly left: ScimFilter; readonly right: ScimFilter }
  | { readonly kind: 'not'; readonly filter: ScimFilter }
  /** `emails[type eq "work"]`: some element of `path` matches `filter`. */
  | { readonly kind: 'valuePath'; readonly path: string; readonly filter: ScimFilter };

export type ParseResult = { readonly ok: true; readonly filter: ScimFilter } | { readonly ok: false; readonly reason: string };

export const MAX_FILTER_LENGTH = 2000;
const MAX_DEPTH = 16;
const COMPARE_OPS = new Set<string>(['eq', 'ne', 'co', 'sw', 'ew', 'gt', 'ge', 'lt', 'le']);
const CORE_SCHEMA_PREFIX = /^urn:ietf:params:scim:schemas:core:2\.0:(user|group):/i;

type Token = { readonly type: 'word' | 'string' | '(' | ')' | '[' | ']'; readonly text: string; readonly value?: string };

class FilterSyntaxError extends Error {}

export function parseFilter(text: string): ParseResult {
  if (text.length > MAX_FILTER_LENGTH) return { ok: false, reason: `is longer than ${MAX_FILTER_LENGTH} characters` };
  try {
    const parser = new Parser(tokenize(text));
    const filter = parser.filter(0);
    parser.end();
    return { ok: true, filter };
  } catch (error) {
    if (error instanceof FilterSyntaxError) return { ok: false, reason: error.message };
    throw error;
  }
}

/** An attribute path as the matcher compares it: core schema URN dropped, lower case (SCIM names are case-insensitive). */
export function normalisePath(path: string): string {
  return path.replace(CORE_SCHEMA_PREFIX, '').toLowerCase();
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const char = text[i]!;
    if (char === ' ' || char === '\t') {
      i++;
    } else if ('()[]'.includes(char)) {
      tokens.push({ type: char as Token['type'], text: char });
      i++;
    } else if (char === '"') {
      let end = i + 1;
      while (end < text.length && text[end] !== '"') end += text[end] === '\\' ? 2 : 1;
      if (end >= text.length) throw new FilterSyntaxError('has a string without its closing quote');
      const raw = text.slice(i, end + 1);
      let value: unknown;
      try {
        value = JSON.parse(raw);
      } catch {
        throw new FilterSyntaxError(`has an invalid string ${raw.slice(0, 40)}`);
      }
      tokens.push({ type: 'string', text: raw, value: value as string });
      i = end + 1;
    } else {
      const match = /^[A-Za-z0-9_:$.+\-]+/.exec(text.slice(i));
      if (!match) throw new FilterSyntaxError(`has an unexpected character ${JSON.stringify(char)} at position ${i + 1}`);
      tokens.push({ type: 'word', text: match[0] });
      i += match[0].length;
    }
  }
  return tokens;
}

class Parser {
  private position = 0;

  constructor(private readonly tokens: readonly Token[]) {}

  end(): void {
    const next = this.tokens[this.position];
    if (next) throw new FilterSyntaxError(`has an unexpected ${JSON.stringify(next.text)} after a complete expression`);
  }

  /** or-expression: or binds looser than and. */
  filter(depth: number): ScimFilter {
    if (depth > MAX_DEPTH) throw new FilterSyntaxError(`nests deeper than ${MAX_DEPTH} levels`);
    let left = this.conjunction(depth);
    while (this.keyword('or')) left = { kind: 'or', left, right: this.conjunction(depth) };
    return left;
  }

  private conjunction(depth: number): ScimFilter {
    let left = this.term(depth);
    while (this.keyword('and')) left = { kind: 'and', left, right: this.term(depth) };
    return left;
  }

  private term(depth: number): ScimFilter {
    if (this.keyword('not')) {
      this.expect('(');
      const filter = this.filter(depth + 1);
      this.expect(')');
      return { kind: 'not', filter };
    }
    if (this.accept('(')) {
      const filter = this.filter(depth + 1);
      this.expect(')');
      return filter;
    }
    const path = this.attributePath();
    if (this.accept('[')) {
      const inner = this.filter(depth + 1);
      this.expect(']');
      const valuePath: ScimFilter = { kind: 'valuePath', path, filter: inner };
      const sub = this.peek();
      // Entra's and Okta's `emails[type eq "work"].value eq "x"`: the comparison joins the bracket.
      if (sub?.type === 'word' && sub.text.startsWith('.')) {
        this.position++;
        const subPath = sub.text.slice(1);
        if (!/^[A-Za-z][A-Za-z0-9_$-]*$/.test(subPath)) throw new FilterSyntaxError(`has an invalid sub-attribute ${sub.text}`);
        return { kind: 'valuePath', path, filter: { kind: 'and', left: inner, right: this.comparison(subPath.toLowerCase()) } };
      }
      return valuePath;
    }
    return this.comparison(path);
  }

  private comparison(path: string): ScimFilter {
    const op = this.next('an operator after the attribute');
    const name = op.text.toLowerCase();
    if (op.type === 'word' && name === 'pr') return { kind: 'present', path };
    if (op.type !== 'word' || !COMPARE_OPS.has(name))
      throw new FilterSyntaxError(`has ${JSON.stringify(op.text)} where an operator belongs`);
    return { kind: 'compare', path, op: name as CompareOp, value: this.value() };
  }

  private value(): CompareValue {
    const token = this.next('a value after the operator');
    if (token.type === 'string') return token.value!;
    if (token.type === 'word') {
      const word = token.text.toLowerCase();
      if (word === 'true') return true;
      if (word === 'false') return false;
      if (word === 'null') return null;
      if (/^-?\d+(\.\d+)?([eE][+-]?\d+)?$/.test(token.text)) return Number(token.text);
    }
    throw new FilterSyntaxError(`has ${JSON.stringify(token.text)} where a value belongs (strings are quoted)`);
  }

  private attributePath(): string {
    const token = this.next('an attribute');
    const valid = /^([A-Za-z][A-Za-z0-9_$-]*|urn:[A-Za-z0-9_:.$-]+)(\.[A-Za-z][A-Za-z0-9_$-]*)?$/;
    if (token.type !== 'word' || !valid.test(token.text) || /^(and|or|not)$/i.test(token.text)) {
      throw new FilterSyntaxError(`has ${JSON.stringify(token.text)} where an attribute belongs`);
    }
    return normalisePath(token.text);
  }

  private keyword(word: string): boolean {
    const token = this.peek();
    if (token?.type === 'word' && token.text.toLowerCase() === word) {
      this.position++;
      return true;
    }
    return false;
  }

  private accept(type: Token['type']): boolean {
    if (this.peek()?.type !== type) return false;
    this.position++;
    return true;
  }

  private expect(type: Token['type']): void {
    const token = this.next(`"${type}"`);
    if (token.type !== type) throw new FilterSyntaxError(`has ${JSON.stringify(token.text)} where "${type}" belongs`);
  }

  private next(what: string): Token {
    const token = this.tokens[this.position++];
    if (!token) throw new FilterSyntaxError(`ends where ${what} belongs`);
    return token;
  }

  private peek(): Token | undefined {
    return this.tokens[this.position];
  }
}
