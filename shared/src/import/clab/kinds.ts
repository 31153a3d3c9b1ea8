/**
 * What a containerlab node kind stands for in our model (docs/import-clab.md): a
 * server (a host), a network device (a switch, its tier found from the graph), or
 * something that is not a device of the estate (bridges, the container host).
 */

/** Container and VM kinds that stand for servers. */
const SERVER_KINDS = new Set([
  'linux',
  'generic_vm',
  'openbsd',
  'freebsd',
  'ext-container',
  'k8s-kind',
]);

/** Network operating systems and appliances, by containerlab's kind names old and new. */
const NETWORK_KIND_PREFIXES = [
  'nokia_',
  'arista_',
  'juniper_',
  'cisco_',
  'vr-',
  'dell_',
  'aruba_',
  'cumulus_',
  'sonic-',
  'huawei_',
  'mikrotik_',
  'ipinfusion_',
  'arrcus_',
  '6wind_',
  'vyosnetworks_',
  'fdio_',
  'paloalto_',
  'fortinet_',
  'checkpoint_',
  'f5_',
];
const NETWORK_KINDS = new Set([
  'srl',
  'ceos',
  'crpd',
  'xrd',
  'c8000',
  'cvx',
  'cjunosevolved',
  'rare',
  'openwrt',
  'veesix_osvbng',
]);

/** Kinds that are no device of ours: the reason says why. */
const NOT_DEVICES: Record<string, string> = {
  bridge: 'a Linux bridge on the lab host joins its links into one segment, not a device we model',
  'ovs-bridge': 'an Open vSwitch bridge on the lab host, not a device we model',
  host: "the lab host's own network namespace, not a device of the lab",
  border0: 'a remote-access gateway (border0.com), not part of the fabric',
  'keysight_ixia-c-one': 'a traffic generator, not a server that runs VMs',
  spirent_stc: 'a traffic generator, not a server that runs VMs',
  ostinato: 'a traffic generator, not a server that runs VMs',
};

export type KindClass =
  | { class: 'server' }
  | { class: 'network' }
  | { class: 'skip'; reason: string }
  | { class: 'unknown' };

export function classifyKind(kind: string): KindClass {
  if (SERVER_KINDS.has(kind)) return { class: 'server' };
  const skip = NOT_DEVICES[kind];
  if (skip) return { class: 'skip', reason: skip };
  if (NETWORK_KINDS.has(kind) || NETWORK_KIND_PREFIXES.some((p) => kind.startsWith(p)))
    return { class: 'network' };
  return { class: 'unknown' };
}

/**
 * Short-form endpoints naming these instead of a node are links to the outside of
 * the lab graph (containerlab's host, management-network and macvlan links).
 */
export const SPECIAL_ENDPOINT_NODES: Record<string, string> = {
  host: 'a host link (an interface in the lab host namespace)',
  'mgmt-net': 'a link to the management network',
  macvlan: 'a macvlan link to a lab host interface',
};

/** The kinds our export writes, with their images and interface names. */
export const EXPORT_KINDS = {
  switch: {
    kind: 'nokia_srlinux',
    image: 'ghcr.io/nokia/srlinux',
    /** SR Linux's short interface names: e1-1 is ethernet-1/1. */
    interfaceName: (n: number) => `e1-${n}`,
  },
  host: {
    kind: 'linux',
    image: 'ghcr.io/hellt/network-multitool',
    /** eth0 is the management interface containerlab gives every node. */
    interfaceName: (n: number) => `eth${n}`,
  },
} as const;
