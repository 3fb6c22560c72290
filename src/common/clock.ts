/**
 * The time as Sesame sees it. Session expiry is computed from it (and passed to SQL as a
 * parameter, never the database's now()), so tests can move time forward.
 */
export class Clock {
  private offsetMs = 0;

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  nowMs(): number {
    return Date.now() + this.offsetMs;
  }

  /** Tests only: move time forward. */
  advance(ms: number): void {
    this.offsetMs += ms;
  }
}
