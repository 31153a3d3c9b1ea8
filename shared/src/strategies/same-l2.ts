/**
 * Strategy 1 (R4): the destination is in the VM's own L2 domain. IP and MAC
 * stay; after switchover the VM sends gratuitous ARP (IPv4) and unsolicited
 * neighbour advertisements (IPv6) so switches and peers learn where it is.
 * Across sites (a stretched VLAN) the subnet's route stays where it was
 * advertised: inbound traffic still enters at the old site and crosses the
 * extension, while outbound leaves at the new site's first-hop router.
 */
import { addressAnnouncements } from '../addressing/announcements.ts';
import { ANNOUNCE_DEFAULTS as ANNOUNCE } from '../migration/reconvergence.ts';
import { changedOn, emptyOutcome, reachability, torsOf } from './common.ts';
import type { MobilityStrategy } from './types.ts';

export const sameL2: MobilityStrategy = {
  name: 'same-l2',
  title: 'Same L2 domain',
  requirement: 'R4',
  description:
    'Keep IP and MAC inside one L2 domain; gratuitous ARP / unsolicited NA announce the new port.',
  notApplicable(move) {
    const { network, fromSite, toSite } = move;
    if (!network.siteIds.includes(toSite.id))
      return `network ${network.id} does not exist in ${toSite.id}`;
    if (fromSite.id === toSite.id) return null;
    if (network.stretched && network.segmentation.type === 'vlan') return null;
    return `${fromSite.id} and ${toSite.id} are different L2 domains of ${network.id}`;
  },
  apply(move, ctx) {
    const out = emptyOutcome(move);
    const { vm } = move;
    out.ipv4After = vm.ipv4 ?? null;
    out.ipv6After = vm.ipv6 ?? null;
    const domainSize = (ctx.engine.index.vmsByNetwork.get(move.network.id) ?? []).length;
    out.announcements = addressAnnouncements(
      move.network,
      { vmId: vm.id, mac: vm.mac, ipv4: out.ipv4After, ipv6: out.ipv6After },
      { domain: domainSize, nextHop: move.toHost.id },
    );
    const oldTors = torsOf(ctx, move.fromHost.id);
    const newTors = torsOf(ctx, move.toHost.id);
    const moved = new Set([...oldTors, ...newTors]);
    out.tables = [
      ...oldTors
        .filter((t) => !newTors.includes(t))
        .map((deviceId) => ({ deviceId, table: 'mac' as const, added: 0, changed: 0, removed: 1 })),
      ...newTors
        .filter((t) => !oldTors.includes(t))
        .map((deviceId) => ({ deviceId, table: 'mac' as const, added: 1, changed: 0, removed: 0 })),
      ...changedOn(
        [...moved].filter((t) => oldTors.includes(t) && newTors.includes(t)),
        'mac',
      ),
    ];
    out.reachability = reachability({ mechanisms: ['announce'] });
    out.switchover = [
      `announce ${vm.mac} from ${move.toHost.id} (GARP / unsolicited NA, ${ANNOUNCE.rounds} rounds)`,
    ];
    return out;
  },
};
