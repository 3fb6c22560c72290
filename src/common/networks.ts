import ipaddr from 'ipaddr.js';

/** A parsed network: an address and its prefix length. IPv4-mapped IPv6 ranges are stored as IPv4. */
export type IpRange = readonly [ipaddr.IPv4 | ipaddr.IPv6, number];

export type CidrParseResult = { ok: true; ranges: IpRange[] } | { ok: false; invalid: string[] };

/**
 * Reads a list of networks (`10.0.0.0/8`, `2001:db8::/32`) or single addresses (`203.0.113.7`).
 * IPv4 must be four decimal parts: ipaddr.js also reads `10.1` or `0x0a.0.0.1`, which nobody
 * means to type into an allow-list.
 */
export function parseCidrs(list: readonly string[]): CidrParseResult {
  const ranges: IpRange[] = [];
  const invalid: string[] = [];
  for (const item of list) {
    const range = typeof item === 'string' ? parseRange(item.trim()) : null;
    if (range === null) invalid.push(String(item));
    else ranges.push(range);
  }
  return invalid.length > 0 ? { ok: false, invalid } : { ok: true, ranges };
}

/**
 * Whether an address (as a socket reports it, possibly `::ffff:10.0.0.1`) lies in one of the
 * ranges. An unparsable address is in none; an empty list contains nothing, so "empty means
 * anywhere" is the caller's rule.
 */
export function ipInRanges(ip: string, ranges: readonly IpRange[]): boolean {
  const address = parseAddress(ip.trim());
  if (address === null) return false;
  return ranges.some(([network, bits]) => network.kind() === address.kind() && address.match(network, bits));
}

function parseRange(value: string): IpRange | null {
  const [addressPart, bitsPart, ...rest] = value.split('/');
  if (addressPart === undefined || rest.length > 0) return null;
  const address = parseAddress(addressPart, { strict: true });
  if (address === null) return null;
  const maxBits = address.kind() === 'ipv4' ? 32 : 128;
  if (bitsPart !== undefined && !/^\d{1,3}$/.test(bitsPart)) return null;
  const bits = bitsPart === undefined ? maxBits : Number(bitsPart);
  if (bits > maxBits) return null;
  // A mapped range written as IPv6 (`::ffff:10.0.0.0/104`) must match the IPv4 clients it names.
  if (address instanceof ipaddr.IPv6 && address.isIPv4MappedAddress() && bits >= 96) return [address.toIPv4Address(), bits - 96];
  return [address, bits];
}

function parseAddress(value: string, { strict = false } = {}): ipaddr.IPv4 | ipaddr.IPv6 | null {
  if (ipaddr.IPv4.isValidFourPartDecimal(value)) return ipaddr.IPv4.parse(value);
  // Zone ids (`fe80::1%eth0`) describe the local interface, not the network: refused in lists.
  if (!ipaddr.IPv6.isValid(value) || (strict && value.includes('%'))) return null;
  const embeddedIpv4 = value.slice(value.lastIndexOf(':') + 1);
  if (strict && embeddedIpv4.includes('.') && !ipaddr.IPv4.isValidFourPartDecimal(embeddedIpv4)) return null;
  const address = ipaddr.IPv6.parse(value);
  return address.isIPv4MappedAddress() && !strict ? address.toIPv4Address() : address;
}
