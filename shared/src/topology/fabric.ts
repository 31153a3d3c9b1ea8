/**
 * The building blocks every topology generator shares: a fabric under
 * construction (devices and links of one site) with port accounting, and the
 * documented defaults for capacities, costs and table sizes.
 */
import type { Device, DeviceRole, HostCapacity } from '../model/device.ts';
import type { Link } from '../model/link.ts';

/** Documented defaults that every generator uses unless its params override them. */
export const FABRIC_DEFAULTS = {
  /** Host NIC speed, Gbps. */
  hostLinkGbps: 25,
  /** Switch-to-switch link speed, Gbps. */
  fabricLinkGbps: 100,
  /** One hop inside a DC, milliseconds. */
  hopLatencyMs: 0.005,
  /** OSPF reference bandwidth, Gbps: cost = max(1, round(reference / capacity)). */
  referenceGbps: 400,
  hostCapacity: { vcpu: 64, memoryGiB: 512, diskGiB: 4000 } satisfies HostCapacity,
  /** Forwarding-table limits by role (R20). Edge/ToR switches have the smallest tables. */
  tables: {
    core: { macTable: 256_000, fib: 512_000 },
    spine: { macTable: 256_000, fib: 512_000 },
    aggregation: { macTable: 128_000, fib: 128_000 },
    access: { macTable: 32_000, fib: 16_000 },
    edge: { macTable: 32_000, fib: 16_000 },
    leaf: { macTable: 64_000, fib: 64_000 },
    'bcube-switch': { macTable: 16_000, fib: 8_000 },
    gateway: { macTable: 512_000, fib: 2_000_000 },
  } as Partial<Record<DeviceRole, { macTable: number; fib: number }>>,
} as const;

export function ospfCost(capacityGbps: number): number {
  return Math.max(1, Math.round(FABRIC_DEFAULTS.referenceGbps / capacityGbps));
}

/** The devices and links of one site, before they join an estate. */
export interface Fabric {
  siteId: string;
  devices: Device[];
  links: Link[];
  /** The devices a DC gateway attaches to (cores, spines, or BCube's top level). */
  borderIds: string[];
}

export interface DeviceSpec {
  id: string;
  name?: string;
  role: DeviceRole;
  pod?: number;
  level?: number;
  ipv4?: string;
  ipv6?: string;
}

/** Accumulates devices and links; ports are counted from the links, so they cannot disagree. */
export class FabricBuilder {
  private readonly devices: Device[] = [];
  private readonly byId = new Map<string, Device>();
  private readonly links: Link[] = [];

  constructor(readonly siteId: string) {}

  /** Ids are prefixed with the site id so that several sites can share one estate. */
  id(local: string): string {
    return `${this.siteId}.${local}`;
  }

  device(spec: DeviceSpec): string {
    const id = this.id(spec.id);
    const device: Device = {
      id,
      siteId: this.siteId,
      name: spec.name ?? spec.id,
      role: spec.role,
      // Recomputed from the links in build().
      ports: 1,
      state: 'up',
      ...(spec.pod !== undefined && { pod: spec.pod }),
      ...(spec.level !== undefined && { level: spec.level }),
      ...(spec.ipv4 && { ipv4: spec.ipv4 }),
      ...(spec.ipv6 && { ipv6: spec.ipv6 }),
      ...(spec.role === 'host'
        ? { capacity: { ...FABRIC_DEFAULTS.hostCapacity } }
        : FABRIC_DEFAULTS.tables[spec.role]
          ? { tables: { ...FABRIC_DEFAULTS.tables[spec.role]! } }
          : {}),
    };
    this.devices.push(device);
    this.byId.set(id, device);
    return id;
  }

  link(a: string, b: string, capacityGbps: number): void {
    this.links.push({
      id: `${a}~${b}`,
      a,
      b,
      capacityGbps,
      latencyMs: FABRIC_DEFAULTS.hopLatencyMs,
      cost: ospfCost(capacityGbps),
      state: 'up',
      utilisation: 0,
    });
  }

  build(borderIds: string[]): Fabric {
    const ports = new Map<string, number>();
    for (const l of this.links) {
      ports.set(l.a, (ports.get(l.a) ?? 0) + 1);
      ports.set(l.b, (ports.get(l.b) ?? 0) + 1);
    }
    for (const d of this.devices) d.ports = Math.max(1, ports.get(d.id) ?? 0);
    return { siteId: this.siteId, devices: this.devices, links: this.links, borderIds };
  }
}

/** A generator parameter out of its documented range. */
export class TopologyParamError extends RangeError {
  constructor(
    readonly param: string,
    message: string,
  ) {
    super(message);
    this.name = 'TopologyParamError';
  }
}

/** The whole numbers a generator parameter takes (docs/cli.md lists them; `vmmi generate --help` too). */
export interface ParamRange {
  min: number;
  max: number;
}

/**
 * The most hosts one generated site may have. Past it, the estate's JSON passes
 * V8's longest string (about 512 MiB: a 1,000,000-host fat-tree is ~790 MB), so
 * `vmmi generate` and `estate.export` could not write it.
 */
export const MAX_GENERATED_HOSTS = 262_144;

/** Refuses parameters whose site would pass MAX_GENERATED_HOSTS, before anything is built. */
export function checkGeneratedHosts(what: string, hosts: number): void {
  if (hosts > MAX_GENERATED_HOSTS)
    throw new RangeError(
      `${what} has ${hosts.toLocaleString('en')} hosts; the limit is ${MAX_GENERATED_HOSTS.toLocaleString('en')}`,
    );
}

/** Reads an integer parameter with its default, and rejects values out of range. */
export function intParam(
  params: Readonly<Record<string, number>>,
  name: string,
  fallback: number,
  { min, max }: ParamRange,
): number {
  const v = params[name] ?? fallback;
  if (!Number.isInteger(v) || v < min || v > max)
    throw new TopologyParamError(
      name,
      `${name} must be an integer from ${min} to ${max}, got ${v}`,
    );
  return v;
}

/**
 * Where the n-th address (from 0) falls, counted from a /24 boundary, when
 * only last octets 1..254 are used: such an address is assignable in its
 * /24 and in every larger prefix that holds it, never a network or broadcast
 * address (an operator's /24 carved out of the plan later stays valid).
 */
export function assignableOffset(n: number): number {
  return 256 * Math.floor(n / 254) + (n % 254) + 1;
}

/** Dotted-quad text of an IPv4 address held as an unsigned integer. */
export function ipv4Text(v: number): string {
  return `${v >>> 24}.${(v >>> 16) & 255}.${(v >>> 8) & 255}.${v & 255}`;
}

/** The /24 a.b.c.0 as an unsigned integer. */
export function ipv4Block(a: number, b: number, c: number): number {
  return ((a << 24) >>> 0) + (b << 16) + (c << 8);
}

/**
 * The host plan: 10.0.1.1 upwards, last octets 1..254, up to 10.253.255.254:
 * 65,023 /24s × 254 = 16,515,842 hosts (more than any generator's largest
 * parameters build). 10.0.0/24 stays free; 10.254/16 and 10.255/16 are the
 * switch loopbacks (indexedSwitchIpv4).
 */
export const HOST_PLAN_CAPACITY = 65_023 * 254;

/** A host underlay address from a running index, in the host plan above. */
export function indexedHostIpv4(index: number): string {
  if (index >= HOST_PLAN_CAPACITY)
    throw new TopologyParamError(
      'hosts',
      `too many hosts for the 10/8 host plan (${HOST_PLAN_CAPACITY} at most)`,
    );
  return ipv4Text(ipv4Block(10, 0, 1) + assignableOffset(index));
}

/** Switch loopbacks per plane (10.254/16 or 10.255/16), last octets 1..254: 256 × 254. */
export const SWITCH_PLANE_CAPACITY = 256 * 254;

/** A switch loopback from a running index: 10.plane.0.1 upwards, last octets 1..254. */
export function indexedSwitchIpv4(plane: 254 | 255, index: number): string {
  if (index >= SWITCH_PLANE_CAPACITY)
    throw new TopologyParamError(
      'switches',
      `too many switches for the 10.${plane}/16 loopback plane (${SWITCH_PLANE_CAPACITY} at most)`,
    );
  return ipv4Text(ipv4Block(10, plane, 0) + assignableOffset(index));
}
