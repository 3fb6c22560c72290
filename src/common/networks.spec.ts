import { describe, expect, it } from '@jest/globals';
import { ipInRanges, parseCidrs, type IpRange } from './networks.js';

function ranges(list: string[]): IpRange[] {
  const parsed = parseCidrs(list);
  if (!parsed.ok) throw new Error(`test ranges did not parse: ${parsed.invalid.join(', ')}`);
  return parsed.ranges;
}

describe('parseCidrs', () => {
  it('reads networks and single addresses of both families', () => {
    const parsed = parseCidrs(['10.0.0.0/8', ' 192.168.1.7 ', '2001:db8::/32', '::1', '0.0.0.0/0', '::ffff:10.0.0.0/104']);
    expect(parsed.ok).toBe(true);
    if (parsed.ok) {
      expect(parsed.ranges.map(([address, bits]) => `${address.toString()}/${bits}`)).toEqual([
        '10.0.0.0/8',
        '192.168.1.7/32',
        '2001:db8::/32',
        '::1/128',
        '0.0.0.0/0',
        '10.0.0.0/8',
      ]);
    }
  });

  it('accepts an empty list', () => {
    expect(parseCidrs([])).toEqual({ ok: true, ranges: [] });
  });

  it('lists every invalid entry', () => {
    expect(
      parseCidrs([
        '10.0.0.0/8',
        'nonsense',
        '10.0.0.0/33',
        '2001:db8::/129',
        '10.1',
        '010.0.0.1',
        '0x0a.0.0.1',
        '10.0.0.0/8/9',
        '10.0.0.0/',
        '10.0.0.0/-1',
        '10.0.0.0/ 8',
        'fe80::1%eth0',
        '::ffff:0x0a.0.0.1',
        '',
      ]),
    ).toEqual({
      ok: false,
      invalid: [
        'nonsense',
        '10.0.0.0/33',
        '2001:db8::/129',
        '10.1',
        '010.0.0.1',
        '0x0a.0.0.1',
        '10.0.0.0/8/9',
        '10.0.0.0/',
        '10.0.0.0/-1',
        '10.0.0.0/ 8',
        'fe80::1%eth0',
        '::ffff:0x0a.0.0.1',
        '',
      ],
    });
  });
});

describe('ipInRanges', () => {
  const office = ranges(['10.0.0.0/8', '203.0.113.7', '2001:db8::/32']);

  it.each([
    ['10.1.2.3', office, true],
    ['10.255.255.255', office, true],
    ['11.0.0.1', office, false],
    ['203.0.113.7', office, true],
    ['203.0.113.8', office, false],
    ['::ffff:10.0.0.1', office, true],
    ['::ffff:203.0.113.7', office, true],
    ['::ffff:11.0.0.1', office, false],
    ['2001:db8::1', office, true],
    ['2001:db9::1', office, false],
    ['fe80::1%eth0', ranges(['fe80::/10']), true],
    ['10.0.0.1', ranges(['::ffff:10.0.0.0/104']), true],
    ['::ffff:10.0.0.1', ranges(['::ffff:10.0.0.0/104']), true],
    // an IPv4 client never matches an IPv6 range, however wide
    ['10.0.0.1', ranges(['::/0']), false],
    ['1.2.3.4', ranges(['0.0.0.0/0']), true],
    ['::1', ranges(['0.0.0.0/0']), false],
    ['10.0.0.1', [], false],
    ['not an ip', office, false],
    ['', office, false],
  ])('%j in the ranges: %j', (ip, list, expected) => {
    expect(ipInRanges(ip, list)).toBe(expected);
  });
});
