// R1, R12: IPv4/IPv6 mismatches between a VM and the gateways its traffic must cross.
import { describe, expect, it } from 'vitest';
import { buildDemoEstate } from '../demo/demo-estate.ts';
import { indexEstate, siteOfVm } from '../engine/estate-index.ts';
import type { Vm } from '../model/vm.ts';
import { checkStackCompatibility } from './stack.ts';

const estate = buildDemoEstate();
const demo = indexEstate(estate);
const firstIn = (networkId: string, siteId: string): Vm =>
  demo.vmsByNetwork.get(networkId)!.find((vm) => siteOfVm(demo, vm) === siteId)!;

describe('checkStackCompatibility', () => {
  it('flags an IPv4-only VM moved to sin1 (IPv6-only gateway): it needs translation', () => {
    const vm = firstIn('acme-legacy', 'fra1');
    expect(vm.ipv6).toBeUndefined();
    expect(checkStackCompatibility(demo, vm, 'sin1')).toEqual([
      {
        family: 'ipv4',
        gatewayId: 'sin1.gw-1',
        gatewayStack: 'ipv6',
        side: 'destination',
        needs: 'translation',
        // IPv4 across an IPv6-only gateway: 464XLAT (RFC 6877) to IPv4 peers, NAT46 to IPv6 ones.
        message: expect.stringContaining('464XLAT') as string,
      },
    ]);
  });

  it('asks for dual-stack instead when the network has a subnet of the gateway family', () => {
    const vm = { ...firstIn('acme-web', 'fra1') };
    delete vm.ipv6;
    const [issue, ...rest] = checkStackCompatibility(demo, vm, 'sin1');
    expect(rest).toEqual([]);
    expect(issue).toMatchObject({ family: 'ipv4', needs: 'dual-stack', side: 'destination' });
  });

  it('flags the reverse: an IPv6-only VM behind an IPv4-only gateway (ams1)', () => {
    const vm = firstIn('umbrella-ehr', 'lon1');
    expect(vm.ipv4).toBeUndefined();
    expect(checkStackCompatibility(demo, vm, 'ams1')).toMatchObject([
      { family: 'ipv6', gatewayId: 'ams1.gw-1', gatewayStack: 'ipv4', needs: 'translation' },
    ]);
  });

  it('checks the source gateway too: an IPv4-only VM leaving sin1 cannot reach back through it', () => {
    const vm = firstIn('initech-analytics', 'sin1');
    expect(checkStackCompatibility(demo, vm, 'ams1')).toMatchObject([
      { family: 'ipv4', gatewayId: 'sin1.gw-1', side: 'source', needs: 'translation' },
    ]);
  });

  it('flags the family a dual-stack VM loses behind a single-stack gateway', () => {
    const vm = firstIn('acme-web', 'fra1');
    expect(checkStackCompatibility(demo, vm, 'ams1')).toMatchObject([
      { family: 'ipv6', gatewayId: 'ams1.gw-1', needs: 'translation' },
    ]);
  });

  it('finds nothing between dual-stack sites, nor for a move inside the same site', () => {
    expect(checkStackCompatibility(demo, firstIn('acme-web', 'fra1'), 'lon1')).toEqual([]);
    expect(checkStackCompatibility(demo, firstIn('initech-analytics', 'sin1'), 'sin1')).toEqual([]);
  });

  it('flags exactly the families the gateway stacks lack, for every VM and site of the demo', () => {
    const routes = (stack: string | undefined, f: string) => stack === 'dual' || stack === f;
    for (const vm of estate.vms)
      for (const site of estate.sites) {
        const issues = checkStackCompatibility(demo, vm, site.id);
        const src = siteOfVm(demo, vm)!;
        if (src === site.id) {
          expect(issues).toEqual([]);
          continue;
        }
        const expected: string[] = [];
        for (const [side, siteId] of [
          ['destination', site.id],
          ['source', src],
        ] as const) {
          const gw = demo.gatewayBySite.get(siteId)!;
          for (const f of ['ipv4', 'ipv6'] as const)
            if (vm[f] && !routes(gw.stack, f)) expected.push(`${side}|${f}`);
        }
        expect(issues.map((i) => `${i.side}|${i.family}`)).toEqual(expected);
      }
  });
});
