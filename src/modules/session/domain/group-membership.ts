/** What the rules ask of a person's groups: membership by lower-cased name. */
export type GroupMembership = Pick<ReadonlySet<string>, 'has'>;

/**
 * Lower-cased group names in one sorted array, searched by halves. A Set of ten names costs a
 * cached session about 350 bytes; this costs the array, which is the session's own group list
 * whenever its names are lower case already (the common case), so nothing at all.
 */
export class SortedNames implements GroupMembership, Iterable<string> {
  private constructor(private readonly sorted: readonly string[]) {}

  /**
   * `names` sorted case-insensitively, as sessions hold them; the array is kept as is when lower
   * case and in order. `lowerCase` may share the copies it makes (a string pool).
   */
  static of(names: readonly string[], lowerCase: (name: string) => string = (name) => name.toLowerCase()): SortedNames {
    const lower = names.map(lowerCase);
    const same = lower.every((name, i) => name === names[i]);
    const held = same ? names : lower;
    return new SortedNames(isSorted(held) ? held : [...held].sort(compare));
  }

  has(lowerCaseName: string): boolean {
    let low = 0;
    let high = this.sorted.length - 1;
    while (low <= high) {
      const middle = (low + high) >>> 1;
      const found = this.sorted[middle]!;
      if (found === lowerCaseName) return true;
      if (found < lowerCaseName) low = middle + 1;
      else high = middle - 1;
    }
    return false;
  }

  get size(): number {
    return this.sorted.length;
  }

  [Symbol.iterator](): Iterator<string> {
    return this.sorted[Symbol.iterator]();
  }
}

/** Code-unit order, the one `has` searches in (not the locale's). */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function isSorted(names: readonly string[]): boolean {
  for (let i = 1; i < names.length; i++) if (names[i - 1]! > names[i]!) return false;
  return true;
}
