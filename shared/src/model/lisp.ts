/**
 * Where the estate runs LISP (RFC 9300 data plane, RFC 9301 control plane),
 * for the `lisp` mobility strategy. Optional: an estate without it has no
 * LISP, and every other strategy reads nothing of it.
 *
 * The site gateway of an xTR site is its xTR (ITR and ETR at once) and its
 * address is the site's RLOC; VM addresses are EIDs. One map server, with
 * the map resolver beside it, answers for the whole estate. Proxy ITRs
 * (RFC 6832 §5) advertise the EID prefixes to sites without LISP and to the
 * outside, and encapsulate what they attract.
 */
import { z } from 'zod';
import { IdSchema } from './primitives.ts';

/**
 * A Map-Reply record carries a TTL in minutes, how long the ITR may keep the
 * mapping in its map-cache (RFC 9301 §5.4, "Record TTL"). The default here,
 * 1440 minutes (24 hours), is the day-long TTL LISP deployments commonly give;
 * an estate whose ETRs give another states it (`mapCacheTtlMinutes`).
 */
export const LISP_DEFAULTS = {
  mapCacheTtlMinutes: 1440,
} as const;

export const LispDeploymentSchema = z.object({
  /** Sites whose gateway is a LISP xTR (ITR and ETR). */
  xtrSiteIds: z.array(IdSchema).min(1),
  /** The site of the map server; its map resolver is co-located. */
  mapServerSiteId: IdSchema,
  /** Sites whose gateway is a proxy ITR; the first one attracts traffic from outside LISP. */
  proxyItrSiteIds: z.array(IdSchema).default([]),
  /** The Map-Reply record TTL the ETRs give, minutes (RFC 9301 §5.4). */
  mapCacheTtlMinutes: z.number().int().positive().max(0xfffffffe).optional(),
});
export type LispDeployment = z.infer<typeof LispDeploymentSchema>;

/** How long an ITR keeps a mapping it was given, minutes. */
export const mapCacheTtlMinutes = (lisp: LispDeployment): number =>
  lisp.mapCacheTtlMinutes ?? LISP_DEFAULTS.mapCacheTtlMinutes;
