// Address fields accept the common spellings and yield one text per value; the JSON Schema says what is accepted.
import { describe, expect, it } from 'vitest';
import { estateJsonSchema } from './json-schema.ts';
import {
  CidrSchema,
  IpSchema,
  Ipv4CidrSchema,
  Ipv4Schema,
  Ipv6CidrSchema,
  Ipv6Schema,
  MacSchema,
} from './primitives.ts';

describe('address schemas', () => {
  it('rewrite IPv6 to RFC 5952 text (its examples) and keep the value', () => {
    expect(Ipv6Schema.parse('2001:db8:0:0:0:0:2:1')).toBe('2001:db8::2:1');
    expect(Ipv6Schema.parse('2001:0db8::0001')).toBe('2001:db8::1');
    expect(IpSchema.parse('0:0:0:0:0:ffff:192.0.2.1')).toBe('::ffff:192.0.2.1');
    expect(IpSchema.parse('192.0.2.1')).toBe('192.0.2.1');
  });

  it('rewrite prefixes: canonical address, decimal length', () => {
    expect(Ipv6CidrSchema.parse('2001:0DB8:0:CD30::/60')).toBe('2001:db8:0:cd30::/60');
    expect(CidrSchema.parse('2001:DB8::/064')).toBe('2001:db8::/64');
    expect(Ipv4CidrSchema.parse('10.1.0.0/024')).toBe('10.1.0.0/24');
  });

  it('refuse IPv4 with leading zeros or fewer than four parts, in addresses and prefixes alike', () => {
    // 010.0.0.1 is 8.0.0.1 to ipaddr.js and inet_aton (octal), 10.0.0.1 to others: refused, not guessed.
    for (const bad of ['010.0.0.1', '10.1', '1.2.3.256'])
      expect(Ipv4Schema.safeParse(bad).success, bad).toBe(false);
    for (const bad of ['010.0.0.0/8', '10.1/16', '10.0.0.0/33', 'fe80::%eth0/64', '2001:db8::'])
      expect(CidrSchema.safeParse(bad).success, bad).toBe(false);
    expect(Ipv6CidrSchema.safeParse('10.0.0.0/8').success).toBe(false);
    expect(Ipv6Schema.safeParse('2001:db8::/64').success).toBe(false);
  });

  it('rewrite MACs to lower-case colon-separated, and name the accepted spellings when refusing one', () => {
    for (const mac of ['AA:BB:CC:DD:EE:0F', 'aa-bb-cc-dd-ee-0f', 'AABB.CCDD.EE0F'])
      expect(MacSchema.parse(mac), mac).toBe('aa:bb:cc:dd:ee:0f');
    const r = MacSchema.safeParse('aabbccddee0f');
    expect(!r.success && r.error.issues[0]!.message).toBe(
      'not a MAC address (aa:bb:cc:dd:ee:ff, AA-BB-CC-DD-EE-FF or aabb.ccdd.eeff)',
    );
  });
});

describe('the estate JSON Schema', () => {
  const vm = (
    estateJsonSchema() as {
      properties: {
        vms: { items: { properties: Record<string, { pattern?: string; description?: string }> } };
      };
    }
  ).properties.vms.items.properties;

  it('describes the MAC spellings that are accepted, by a pattern that takes exactly those', () => {
    const pattern = new RegExp(vm.mac!.pattern!);
    for (const mac of ['aa:bb:cc:dd:ee:ff', 'AA-BB-CC-DD-EE-FF', 'aabb.ccdd.eeff'])
      expect(pattern.test(mac), mac).toBe(true);
    for (const mac of ['aabbccddeeff', 'aa:bb-cc:dd:ee:ff', 'aa:bb:cc:dd:ee'])
      expect(pattern.test(mac), mac).toBe(false);
  });

  it('says what address input is accepted and in which form it is kept', () => {
    expect(vm.ipv6!.description).toMatch(/any RFC 4291 text form.*RFC 5952/);
    expect(vm.ipv4!.description).toMatch(/dotted decimal, without leading zeros/);
  });
});
