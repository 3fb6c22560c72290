import { createHash, randomBytes } from 'node:crypto';

/** 256 random bits; only the SHA-256 is stored, so a database dump holds no usable session. */
export function newSessionToken(): string {
  return randomBytes(32).toString('base64url');
}

export function hashSessionToken(token: string): Buffer {
  return createHash('sha256').update(token).digest();
}

/** A value that could be one of our tokens; anything else is refused without a lookup. */
export function looksLikeSessionToken(value: string | undefined): value is string {
  return value !== undefined && value.length === 43 && /^[A-Za-z0-9_-]+$/.test(value);
}
