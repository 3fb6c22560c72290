/**
 * One copy of each string the session cache holds many times (group names, provider ids, sign-in
 * methods): every session read from the database brings its own copies otherwise. Bounded: when
 * full it starts again, which costs only the sharing, never correctness.
 */
export class StringPool {
  private readonly held = new Map<string, string>();

  constructor(private readonly maxEntries = 100_000) {}

  intern(value: string): string {
    const held = this.held.get(value);
    if (held !== undefined) return held;
    if (this.held.size >= this.maxEntries) this.held.clear();
    this.held.set(value, value);
    return value;
  }

  internAll(values: readonly string[]): string[] {
    return values.map((value) => this.intern(value));
  }
}
