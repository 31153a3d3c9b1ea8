/**
 * Primitive field schemas shared by every record type: ids, IP addresses and
 * prefixes (validated with ipaddr.js, not regexes), MAC addresses.
 */
import ipaddr from 'ipaddr.js';
import { z } from 'zod';

/** Record ids: short, URL-safe, stable across export and import. */
export const IdSchema = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._:~-]*$/, 'ids use letters, digits, ".", "_", ":", "~" and "-"');
export type Id = z.infer<typeof IdSchema>;

export const Ipv4Schema = z
  .string()
  .refine((s) => ipaddr.IPv4.isValidFourPartDecimal(s), 'not an IPv4 address');
export const Ipv6Schema = z
  .string()
  .refine((s) => !s.includes('/') && ipaddr.IPv6.isValid(s), 'not an IPv6 address');
export const IpSchema = z.union([Ipv4Schema, Ipv6Schema]);

function isCidr(s: string, family: 'ipv4' | 'ipv6' | 'any'): boolean {
  if (!ipaddr.isValidCIDR(s)) return false;
  const [addr] = ipaddr.parseCIDR(s);
  return family === 'any' || addr.kind() === family;
}
export const Ipv4CidrSchema = z.string().refine((s) => isCidr(s, 'ipv4'), 'not an IPv4 prefix');
export const Ipv6CidrSchema = z.string().refine((s) => isCidr(s, 'ipv6'), 'not an IPv6 prefix');
export const CidrSchema = z.string().refine((s) => isCidr(s, 'any'), 'not an IP prefix');

/** EUI-48 in colon-separated lower- or upper-case hex. */
export const MacSchema = z
  .string()
  .regex(/^[0-9a-fA-F]{2}(:[0-9a-fA-F]{2}){5}$/, 'not a MAC address (aa:bb:cc:dd:ee:ff)');

export const LinkStateSchema = z.enum(['up', 'down']);
export type LinkState = z.infer<typeof LinkStateSchema>;

/** Which IP families a gateway or a network speaks. */
export const IpStackSchema = z.enum(['ipv4', 'ipv6', 'dual']);
export type IpStack = z.infer<typeof IpStackSchema>;
