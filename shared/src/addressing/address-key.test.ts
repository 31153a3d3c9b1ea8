// Address keys are values: every spelling of an address is one key (R10 depends on it).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalIp, ipFamily, ipToBigInt } from '../net/ip.ts';
import { addressInt, addressKey, canonicalAddress, macKey } from './address-key.ts';

describe('addressInt', () => {
  it('gives one value to compressed, canonical and upper-case forms, and none in the other family', () => {
    fc.assert(
      fc.property(fc.oneof(fc.ipV4(), fc.ipV6()), (ip) => {
        const family = ipFamily(ip);
        const forms = [ip, ip.toUpperCase(), canonicalIp(ip)];
        for (const form of forms) expect(addressInt(form, family)).toBe(ipToBigInt(ip));
        expect(addressInt(ip, family === 'ipv4' ? 'ipv6' : 'ipv4')).toBeUndefined();
      }),
    );
  });

  it('rejects what is not an address, and gives one key per value', () => {
    for (const bad of ['', '1.2.3.256', '1::2::3', '1:2:3:4:5:6:7:8:9', 'g::1', 'x'])
      expect([addressInt(bad, 'ipv4'), addressInt(bad, 'ipv6')]).toEqual([undefined, undefined]);
    expect(addressKey('2001:DB8::1', 'ipv6')).toBe(addressKey('2001:db8:0:0:0:0:0:1', 'ipv6'));
    expect(canonicalAddress('2001:DB8:0:0:0:0:0:1', 'ipv6')).toBe('2001:db8::1');
    // RFC 4291 section 2.2: ::13.1.68.3 is 0:0:0:0:0:0:d01:4403, not the IPv4-mapped ::ffff:d01:4403.
    expect(addressKey('::13.1.68.3', 'ipv6')).toBe(addressKey('::d01:4403', 'ipv6'));
    expect(addressKey('::13.1.68.3', 'ipv6')).not.toBe(addressKey('::ffff:13.1.68.3', 'ipv6'));
  });
});

describe('macKey', () => {
  it('is one key for the colon, hyphen and dotted spellings in either case', () => {
    for (const mac of ['52:54:00:AB:CD:EF', '52-54-00-ab-cd-ef', '5254.00AB.CDEF'])
      expect(macKey(mac), mac).toBe('52:54:00:ab:cd:ef');
  });
});
