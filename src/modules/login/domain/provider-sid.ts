import { unusableTextReason } from '../../../common/usable-text.js';

export type SidReading = { ok: true; sid: string | null } | { ok: false; reason: string };

/** The ID token's `sid` (for back-channel logout) as it can be stored with the session: absent, usable, or refused with why. */
export function readProviderSid(sid: unknown): SidReading {
  if (typeof sid !== 'string') return { ok: true, sid: null };
  const reason = unusableTextReason(sid, 255);
  return reason === null ? { ok: true, sid } : { ok: false, reason };
}
