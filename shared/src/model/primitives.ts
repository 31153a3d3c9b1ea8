/**
 * Primitive field schemas shared by every record type: ids, IP addresses and
 * prefixes (validated by parsing, not by regexes), MAC addresses. Addresses,
 * prefixes and MACs are accepted in any common spelling and come out of
 * parsing in one canonical text (net/ip-text.ts, net/mac.ts), so everything
 * downstream (indexes, reports, events, exports) holds one string per value.
 */
import ipaddr from 'ipaddr.js';
import { z } from 'zod';
import { formatIp, parseCidr, parseIp, type IpFamily } from '../net/ip-text.ts';
import { canonicalMac, MAC_INPUT_PATTERN } from '../net/mac.ts';

/** Record ids: short, URL-safe, stable across export and import. */
export const IdSchema = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._:~-]*$/, 'ids use letters, digits, ".", "_", ":", "~" and "-"');
export type Id = z.infer<typeof IdSchema>;

/**
 * Free text that reaches a database: bounded, and without NUL (U+0000), which
 * PostgreSQL's text cannot hold. Names, filters, labels.
 */
export function plainText(max: number) {
  return z
    .string()
    .max(max)
    .refine((s) => !s.includes('\u0000'), 'text may not contain NUL (U+0000)');
}

// Leading zeros are refused: ipaddr.js and many tools read them as octal, others as decimal.
const isIpv4Text = (s: string) => ipaddr.IPv4.isValidFourPartDecimal(s);

/** IPv4 is accepted only as dotted decimal without leading zeros, which is its canonical form. */
export const Ipv4Schema = z
  .string()
  .refine(isIpv4Text, 'not an IPv4 address')
  .describe('IPv4 address in dotted decimal, without leading zeros (192.0.2.1)');

/**
 * A field that checks its text and then rewrites it: `read` gives the
 * canonical text or `undefined` for text that is not accepted. The check and
 * the rewrite read the same text one after the other, so the last answer is
 * kept (parsing twice costs a tenth of a second per 60,000 VMs). The rewrite
 * also runs after a failed check (zod 4 checks do not abort), hence its
 * fallback to the input.
 */
function canonicalString(read: (s: string) => string | undefined, message: string) {
  let lastIn: string | undefined;
  let lastOut: string | undefined;
  const canonical = (s: string) => {
    if (s !== lastIn) [lastIn, lastOut] = [s, read(s)];
    return lastOut;
  };
  return z
    .string()
    .refine((s) => canonical(s) !== undefined, message)
    .overwrite((s) => canonical(s) ?? s);
}

export const Ipv6Schema = canonicalString((s) => {
  const ip = parseIp(s, 'ipv6');
  return ip && formatIp(ip);
}, 'not an IPv6 address').describe(
  'IPv6 address in any RFC 4291 text form (upper or lower case, leading zeros, "::" or none, embedded IPv4); stored in RFC 5952 form (2001:db8::1, ::ffff:192.0.2.1)',
);
export const IpSchema = z.union([Ipv4Schema, Ipv6Schema]);

/** The prefix `s` is, with an IPv4 address spelled as Ipv4Schema requires; else `undefined`. */
function prefixOf(s: string, family: IpFamily | undefined) {
  const cidr = parseCidr(s, family);
  const ipv4Text = cidr?.address.family === 'ipv4' && isIpv4Text(s.slice(0, s.lastIndexOf('/')));
  return cidr && (cidr.address.family === 'ipv6' || ipv4Text) ? cidr : undefined;
}

function cidrSchema(family: IpFamily | undefined, message: string, description: string) {
  return canonicalString((s) => {
    const cidr = prefixOf(s, family);
    return cidr && `${formatIp(cidr.address)}/${cidr.bits}`;
  }, message).describe(
    `${description} prefix, address/length, the address spelled as an address field of its family accepts it; stored with the address in canonical form (RFC 5952 for IPv6) and the length in decimal`,
  );
}
export const Ipv4CidrSchema = cidrSchema('ipv4', 'not an IPv4 prefix', 'IPv4');
export const Ipv6CidrSchema = cidrSchema('ipv6', 'not an IPv6 prefix', 'IPv6');
export const CidrSchema = cidrSchema(undefined, 'not an IP prefix', 'IPv4 or IPv6');

/** EUI-48 in colon, hyphen or dotted spelling, either case; stored lower-case colon-separated. */
export const MacSchema = z
  .string()
  .regex(
    MAC_INPUT_PATTERN,
    'not a MAC address (aa:bb:cc:dd:ee:ff, AA-BB-CC-DD-EE-FF or aabb.ccdd.eeff)',
  )
  .overwrite((s) => canonicalMac(s) ?? s)
  .describe(
    'MAC address: aa:bb:cc:dd:ee:ff, AA-BB-CC-DD-EE-FF or aabb.ccdd.eeff, either case; stored as aa:bb:cc:dd:ee:ff',
  );

export const LinkStateSchema = z.enum(['up', 'down']);
export type LinkState = z.infer<typeof LinkStateSchema>;

/** Which IP families a gateway or a network speaks. */
export const IpStackSchema = z.enum(['ipv4', 'ipv6', 'dual']);
export type IpStack = z.infer<typeof IpStackSchema>;
