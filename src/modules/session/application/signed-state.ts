import { createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * A self-verifying `state` for RP-initiated logout: random, expiring, and signed with a key
 * derived from SESAME_SECRET_KEY, so the return can be checked without storing anything (the
 * logout response clears the browser's cookies).
 */
export class SignedState {
  private readonly key: Buffer;

  constructor(secret: string) {
    this.key = Buffer.from(hkdfSync('sha256', secret, 'sesame-signed-state', 'logout-state', 32));
  }

  /** `data` (where to go after the provider's logout) travels signed, so it comes back as it was sent. */
  issue(nowMs: number, lifetimeMs: number, data = ''): string {
    const body = `${Math.floor((nowMs + lifetimeMs) / 1000)}.${randomBytes(16).toString('base64url')}.${Buffer.from(data).toString('base64url')}`;
    return `${body}.${this.sign(body)}`;
  }

  verify(state: string | undefined, nowMs: number): boolean {
    return this.read(state, nowMs) !== null;
  }

  /** The data a valid, unexpired state carries ('' when none), or null. */
  read(state: string | undefined, nowMs: number): string | null {
    if (!state) return null;
    const last = state.lastIndexOf('.');
    const body = state.slice(0, last);
    const signature = Buffer.from(state.slice(last + 1));
    const expected = Buffer.from(this.sign(body));
    if (signature.length !== expected.length || !timingSafeEqual(signature, expected)) return null;
    const [expires, , data = ''] = body.split('.');
    return Number(expires) * 1000 > nowMs ? Buffer.from(data, 'base64url').toString() : null;
  }

  private sign(body: string): string {
    return createHmac('sha256', this.key).update(body).digest('base64url');
  }
}
