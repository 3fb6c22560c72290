/**
 * What one instance knows of the database's change counter, which every announced change bumps
 * in the statement that sends its notice. The counter being ahead of the notices heard means a
 * notice was lost (a dropped connection, a listener that was reconnecting): caches must go.
 */
export class ChangeSequence {
  /** The highest change this instance has accounted for; undefined until the first read. */
  private heard: number | undefined;
  /** A counter value seen ahead of the notices, and when: its notices may still be on their way. */
  private ahead: { readonly value: number; readonly since: number } | undefined;

  constructor(
    /** How long a notice may trail the counter it bumped before it counts as lost. */
    private readonly graceMs: number,
  ) {}

  /** A notice numbered `seq` arrived. True when some before it never did. */
  noticed(seq: number): boolean {
    if (this.heard === undefined) {
      this.heard = seq;
      return false;
    }
    const missed = seq > this.heard + 1;
    this.heard = Math.max(this.heard, seq);
    if (this.ahead && this.heard >= this.ahead.value) this.ahead = undefined;
    return missed;
  }

  /**
   * The counter as read on a listening connection just (re)opened: anything ahead of what was
   * heard went to a connection that is gone, so it is missed at once. The first read only starts.
   */
  listening(value: number): boolean {
    const missed = this.heard !== undefined && value > this.heard;
    this.heard = Math.max(this.heard ?? value, value);
    this.ahead = undefined;
    return missed;
  }

  /** The counter as read by the periodic check. 'missed': drop caches; 'wait': check again after the grace period. */
  checked(value: number, now: number): 'ok' | 'wait' | 'missed' {
    if (this.heard === undefined) {
      this.heard = value;
      return 'ok';
    }
    if (value <= this.heard) {
      this.ahead = undefined;
      return 'ok';
    }
    if (!this.ahead) this.ahead = { value, since: now };
    if (now - this.ahead.since < this.graceMs) return 'wait';
    this.heard = Math.max(this.heard, value);
    this.ahead = undefined;
    return 'missed';
  }
}
