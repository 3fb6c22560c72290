import { lookup } from 'node:dns/promises';
import ipaddr from 'ipaddr.js';

const UNSAFE_RANGES = new Set([
  'loopback',
  'private',
  'linkLocal',
  'uniqueLocal',
  'unspecified',
  'broadcast',
  'carrierGradeNat',
  'reserved',
]);

/**
 * Why a provider URL may not be used, or null. Sesame fetches these URLs from inside the
 * network, so they must not point at it (SSRF) unless insecure providers are allowed.
 */
export async function unsafeUrlReason(raw: string, allowInsecure: boolean): Promise<string | null> {
  if (allowInsecure) return null;
  const url = new URL(raw);
  if (url.protocol !== 'https:') return 'must use https';
  const host = url.hostname.replace(/^\[|\]$/g, '');
  let addresses: string[];
  try {
    addresses = ipaddr.isValid(host) ? [host] : (await lookup(host, { all: true })).map((a) => a.address);
  } catch {
    return `host ${host} does not resolve`;
  }
  for (const address of addresses) {
    const parsed = ipaddr.process(address);
    if (UNSAFE_RANGES.has(parsed.range())) return `resolves to a ${parsed.range()} address (${address})`;
  }
  return null;
}
