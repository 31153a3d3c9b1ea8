/**
 * Strategy 4 (R6): network connection redirection in the style of Proxy Mobile
 * IPv6 (RFC 5213). The VM keeps its address as a mobile node; its home site's
 * gateway (the local mobility anchor) keeps attracting its traffic and sends
 * it through a bidirectional tunnel to the foreign site's gateway (the mobile
 * access gateway); RFC 5844 extends this to IPv4 home addresses. Both
 * directions are anchored at home: outbound goes up the tunnel and leaves
 * there, inbound enters there because the home prefix is still advertised
 * there. Traffic that could go direct now detours through the home site: the
 * preview shows that tromboning each way (R17).
 */
import { addressAnnouncements } from '../addressing/announcements.ts';
import { estimateReconvergence } from '../migration/reconvergence.ts';
import { emptyOutcome, reachability, tunnel } from './common.ts';
import type { MobilityStrategy } from './types.ts';

export const pmip: MobilityStrategy = {
  name: 'pmip',
  title: 'Connection redirection (Proxy Mobile IP)',
  requirement: 'R6',
  description:
    'Keep the address; a bidirectional tunnel from the home gateway to the foreign gateway carries the traffic.',
  notApplicable(move, ctx) {
    if (move.fromSite.id === move.toSite.id)
      return 'the VM stays in its home site: nothing to redirect';
    const gw = ctx.engine.index.gatewayBySite;
    if (!gw.get(move.fromSite.id) || !gw.get(move.toSite.id))
      return 'both sites need a gateway to anchor the tunnel';
    return null;
  },
  apply(move, ctx) {
    const out = emptyOutcome(move);
    const { vm } = move;
    const gw = ctx.engine.index.gatewayBySite;
    const home = gw.get(move.fromSite.id)!;
    const foreign = gw.get(move.toSite.id)!;
    out.ipv4After = vm.ipv4 ?? null;
    out.ipv6After = vm.ipv6 ?? null;
    const outer = home.ipv6 && foreign.ipv6 ? 'ipv6' : 'ipv4';
    if (!(home.ipv4 && foreign.ipv4) && !(home.ipv6 && foreign.ipv6))
      out.blocking.push({
        code: 'no-common-stack',
        message: `gateways ${home.id} (${home.stack}) and ${foreign.id} (${foreign.stack}) share no IP family for the tunnel`,
        vmId: vm.id,
      });
    const t = tunnel('pmip', home, foreign, `binding ${vm.id}`, { kind: 'pmip', outer, gre: true });
    out.tunnelsCreated = [t];
    out.tunnelsCreatedCount = 1;
    out.anchor = {
      exitSiteId: move.fromSite.id,
      entrySiteId: move.fromSite.id,
      tunnelEnd: 'gateway',
      domain: null,
    };
    out.tables = [
      { deviceId: home.id, table: 'binding-cache', added: 1, changed: 0, removed: 0 },
      { deviceId: foreign.id, table: 'binding-cache', added: 1, changed: 0, removed: 0 },
    ];
    // The proxy binding update goes to the home anchor and back over the WAN.
    const oneWay =
      ctx.engine.routing.hostPath(foreign.id, home.id, `pmip:${vm.id}`)?.latencyMs ?? 0;
    const binding = { mechanisms: ['announce', 'pmip'] as const, bindingRttMs: 2 * oneWay };
    // The VM's own announcements on the foreign link tell the MAG it has attached.
    out.announcements = addressAnnouncements(
      move.network,
      { vmId: vm.id, mac: vm.mac, ipv4: out.ipv4After, ipv6: out.ipv6After },
      { domain: 1, nextHop: move.toHost.id },
    ).filter((a) => a.kind === 'garp' || a.kind === 'unsolicited-na');
    out.announcements.push({
      kind: 'pmip-binding',
      vmId: vm.id,
      address: vm.ipv4 ?? vm.ipv6 ?? null,
      family: vm.ipv4 ? 'ipv4' : vm.ipv6 ? 'ipv6' : null,
      detail: `proxy binding update ${foreign.id} → ${home.id} for ${[vm.ipv4, vm.ipv6].filter(Boolean).join(', ')}`,
      receivers: 1,
      atMs: [estimateReconvergence(binding).pmipMs ?? 0],
    });
    out.reachability = reachability(binding);
    out.prepare = [`set up the PMIP tunnel ${home.id} ⇄ ${foreign.id}`];
    out.switchover = [
      `proxy binding update for ${vm.id}; ${home.id} forwards its traffic into the tunnel`,
    ];
    out.warnings.push({
      code: 'triangle-routing',
      message: `traffic to ${vm.id} detours through ${move.fromSite.id} (home gateway)`,
      vmId: vm.id,
    });
    return out;
  },
};
