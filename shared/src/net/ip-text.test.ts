// Canonical address text: RFC 5952's own examples, RFC 4291's spellings, and the WHATWG URL serializer as a second opinion.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalCidr, canonicalIp, parseCidr, parseIp } from './ip-text.ts';
import { compareIp } from './ip.ts';

// The WHATWG URL parser is in every browser and in Node, but not in shared/'s ES-only lib.
declare const URL: new (url: string) => { hostname: string };

/** Every spelling in `forms` has the canonical text `canonical`. */
function expectCanonical(forms: string[], canonical: string) {
  for (const form of forms) expect(canonicalIp(form), form).toBe(canonical);
}

describe('canonicalIp: RFC 5952 examples', () => {
  it('suppresses leading zeros (2.1, 4.1)', () => {
    expectCanonical(
      [
        '2001:db8:aaaa:bbbb:cccc:dddd:eeee:0001',
        '2001:db8:aaaa:bbbb:cccc:dddd:eeee:001',
        '2001:db8:aaaa:bbbb:cccc:dddd:eeee:01',
        '2001:db8:aaaa:bbbb:cccc:dddd:eeee:1',
      ],
      '2001:db8:aaaa:bbbb:cccc:dddd:eeee:1',
    );
    expectCanonical(['2001:0db8::0001'], '2001:db8::1');
  });

  it('never shortens one 16-bit 0 field (2.2, 4.2.2)', () => {
    expectCanonical(
      ['2001:db8:aaaa:bbbb:cccc:dddd::1', '2001:db8:aaaa:bbbb:cccc:dddd:0:1'],
      '2001:db8:aaaa:bbbb:cccc:dddd:0:1',
    );
    expectCanonical(['2001:db8:0:1:1:1:1:1', '2001:db8::1:1:1:1:1'], '2001:db8:0:1:1:1:1:1');
  });

  it('shortens as much as possible (2.2, 4.2.1)', () => {
    expectCanonical(
      ['2001:db8:0:0:0::1', '2001:db8:0:0::1', '2001:db8:0::1', '2001:db8::1', '2001:db8::0:1'],
      '2001:db8::1',
    );
    expectCanonical(['2001:db8:0:0:0:0:2:1'], '2001:db8::2:1');
  });

  it('shortens the longest run of zero fields, the first one on a tie (2.2, 4.2.3)', () => {
    expectCanonical(['2001:db8::aaaa:0:0:1', '2001:db8:0:0:aaaa::1'], '2001:db8::aaaa:0:0:1');
    expectCanonical(['2001:0:0:1:0:0:0:1', '2001:0:0:1::1'], '2001:0:0:1::1');
    expectCanonical(['2001:db8:0:0:1:0:0:1', '2001:db8::1:0:0:1'], '2001:db8::1:0:0:1');
  });

  it('writes hex digits in lower case (2.3, 4.3)', () => {
    expectCanonical(
      [
        '2001:db8:aaaa:bbbb:cccc:dddd:eeee:aaaa',
        '2001:db8:aaaa:bbbb:cccc:dddd:eeee:AAAA',
        '2001:db8:aaaa:bbbb:cccc:dddd:eeee:AaAa',
      ],
      '2001:db8:aaaa:bbbb:cccc:dddd:eeee:aaaa',
    );
  });

  it('writes an IPv4-mapped address with a dotted tail after the shortened hex part (5)', () => {
    // 0xc000 = 192.0 and 0x0201 = 2.1.
    expectCanonical(
      ['0:0:0:0:0:ffff:192.0.2.1', '::ffff:192.0.2.1', '::FFFF:c000:0201'],
      '::ffff:192.0.2.1',
    );
  });
});

describe('canonicalIp: RFC 4291 section 2.2 spellings', () => {
  it('reads the preferred and compressed forms', () => {
    expectCanonical(
      ['2001:DB8:0:0:8:800:200C:417A', '2001:DB8::8:800:200C:417A'],
      '2001:db8::8:800:200c:417a',
    );
    expectCanonical(['FF01:0:0:0:0:0:0:101', 'FF01::101'], 'ff01::101');
    expectCanonical(['0:0:0:0:0:0:0:1', '::1'], '::1');
    expectCanonical(['0:0:0:0:0:0:0:0', '::'], '::');
  });

  it('reads ::13.1.68.3 as 0:0:0:0:0:0:13.1.68.3, not as IPv4-mapped', () => {
    // 13.1 = 0x0d01, 68.3 = 0x4403; ::/96 is not written in mixed notation (::1 would read ::0.0.0.1).
    expectCanonical(['0:0:0:0:0:0:13.1.68.3', '::13.1.68.3', '::d01:4403'], '::d01:4403');
    expectCanonical(
      ['0:0:0:0:0:FFFF:129.144.52.38', '::FFFF:129.144.52.38'],
      '::ffff:129.144.52.38',
    );
  });

  it('keeps IPv4 in dotted decimal and a zone as written', () => {
    expectCanonical(['192.0.2.1'], '192.0.2.1');
    expectCanonical(['FE80:0:0:0:0:0:0:1%eth0'], 'fe80::1%eth0');
  });

  it('rejects what is not an address, or not of the family asked for', () => {
    for (const bad of ['', 'x', '1.2.3.256', '1::2::3', '1:2:3:4:5:6:7:8:9', 'g::1', '12345::1'])
      expect(parseIp(bad), bad).toBeUndefined();
    expect(parseIp('192.0.2.1', 'ipv6')).toBeUndefined();
    expect(parseIp('::1', 'ipv4')).toBeUndefined();
    expect(() => canonicalIp('1::2::3')).toThrow(/not an IP address/);
  });
});

describe('canonicalIp against the WHATWG URL serializer', () => {
  it('agrees on every IPv6 address that is not IPv4-mapped (RFC 5952 section 5 differs there)', () => {
    fc.assert(
      fc.property(fc.ipV6(), (ip) => {
        const url = new URL(`http://[${ip}]/`).hostname.slice(1, -1);
        if (url.startsWith('::ffff:') && url.split(':').length === 5) return;
        expect(canonicalIp(ip)).toBe(url);
        expect(canonicalIp(ip.toUpperCase())).toBe(url);
      }),
    );
  });
});

describe('canonicalCidr', () => {
  it('writes the RFC 4291 section 2.3 spellings of one prefix as one', () => {
    for (const form of [
      '2001:0DB8:0000:CD30:0000:0000:0000:0000/60',
      '2001:0DB8::CD30:0:0:0:0/60',
      '2001:0DB8:0:CD30::/60',
    ])
      expect(canonicalCidr(form), form).toBe('2001:db8:0:cd30::/60');
  });

  it('writes the length in decimal without leading zeros and keeps host bits', () => {
    expect(canonicalCidr('10.1.0.0/024')).toBe('10.1.0.0/24');
    expect(canonicalCidr('2001:DB8::1/064')).toBe('2001:db8::1/64');
  });

  it('rejects lengths beyond the family, zones and non-prefixes', () => {
    for (const bad of ['10.0.0.0/33', '::/129', 'fe80::%eth0/64', '10.0.0.0', '10.0.0.0/', '/8'])
      expect(parseCidr(bad), bad).toBeUndefined();
  });
});

describe('compareIp', () => {
  it('orders by value, not as text', () => {
    // As text '10.0.0.10' < '10.0.0.9'; as numbers 10 > 9.
    expect(compareIp('10.0.0.9', '10.0.0.10')).toBe(-1);
    expect(compareIp('2001:db8::a', '2001:DB8:0:0:0:0:0:9')).toBe(1);
    expect(compareIp('2001:db8::1', '2001:0DB8:0:0:0:0:0:1')).toBe(0);
  });

  it('places IPv4 at its IPv4-mapped address (RFC 4291 section 2.5.5.2)', () => {
    expect(compareIp('10.0.0.1', '::ffff:10.0.0.1')).toBe(0);
    expect(compareIp('10.0.0.1', '::ffff:10.0.0.2')).toBe(-1);
    // ::ffff:0:0/96 lies below 2000::/3, above ::/96.
    expect(compareIp('255.255.255.255', '2001:db8::1')).toBe(-1);
    expect(compareIp('0.0.0.0', '::1')).toBe(1);
  });

  it('puts text that is no address after every address, so sorting never throws', () => {
    expect(compareIp('host-1', '10.0.0.1')).toBe(1);
    expect(compareIp('10.0.0.1', 'host-1')).toBe(-1);
    expect(compareIp('host-1', 'host-2')).toBe(-1);
  });
});
