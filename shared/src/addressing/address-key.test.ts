// The fast address parser agrees with ipaddr.js on every text form (R10 depends on it).
import fc from 'fast-check';
import ipaddr from 'ipaddr.js';
import { describe, expect, it } from 'vitest';
import { ipToBigInt } from '../net/ip.ts';
import { addressInt, addressKey, canonicalAddress } from './address-key.ts';

describe('addressInt', () => {
  it('equals ipaddr.js for IPv4 and IPv6 in compressed, full and upper-case forms', () => {
    fc.assert(
      fc.property(fc.oneof(fc.ipV4(), fc.ipV6()), (ip) => {
        const family = ipaddr.parse(ip).kind();
        const forms = [ip, ip.toUpperCase(), ipaddr.parse(ip).toNormalizedString()];
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
    // ipaddr.js reads a leading zero as octal; the fast path leaves that form to it.
    expect(addressInt('010.0.0.1', 'ipv4')).toBe(ipToBigInt('010.0.0.1'));
  });
});
