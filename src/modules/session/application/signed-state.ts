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

  issue(nowMs: number, lifetimeMs: number): string {
    const body = `${Math.floor((nowMs + lifetimeMs) / 1000)}.${randomBytes(16).toString('base64url')}`;
    return `${body}.${this.sign(body)}`;
  }

  verify(state: string | undefined, nowMs: number): boolean {
    if (!state) return false;
    const last = state.lastIndexOf('.');
    const body = state.slice(0, last);
    const signature = Buffer.from(state.slice(last + 1));
    const expected = Buffer.from(this.sign(body));
    if (signature.length !== expected.length || !timingSafeEqual(signature, expected)) return false;
    return Number(body.split('.')[0]) * 1000 > nowMs;
  }

  private sign(body: string): string {
    return createHmac('sha256', this.key).update(body).digest('base64url');
  }
}
