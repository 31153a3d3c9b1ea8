import { buildDemoEstate, EstateSchema } from '@vmmi/shared';
import { describe, expect, it } from 'vitest';
import { nameKeys } from './prefix-index.ts';
import { copyAddresses, scaledDemoEstate } from './scaled-estate.ts';
import { search } from './search.ts';

const demo = buildDemoEstate();
const ids = (text: string, limit?: number) => search(demo, text, limit).map((h) => h.id);
const vm = demo.vms.find((v) => v.id === 'globex-trading-risk-02')!;

describe('search', () => {
  it('finds a VM by its name, from the start or from a word inside it', () => {
    expect(ids('globex-trading-risk-02')[0]).toBe(vm.id);
    expect(ids('risk-02')).toContain(vm.id);
    expect(ids('RISK')).toContain(vm.id);
    expect(nameKeys('globex-core-ledger-01')).toEqual([
      'globex-core-ledger-01',
      'core-ledger-01',
      'ledger-01',
    ]);
  });

  it('finds a VM by IPv4 or IPv6, whole or a prefix, exact first', () => {
    const hits = search(demo, vm.ipv4!);
    expect(hits[0]).toMatchObject({ kind: 'vm', id: vm.id, hostId: vm.hostId });
    expect(hits[0]!.detail).toContain(vm.ipv4!);
    // "10.21.0.1" is the gateway: the prefix finds 10.21.0.10 and on.
    expect(search(demo, '10.21.0.1').every((h) => h.detail.startsWith('10.21.0.1'))).toBe(true);
    expect(search(demo, '10.21.0.1').length).toBeGreaterThan(1);
    expect(ids(vm.ipv6!)[0]).toBe(vm.id);
    // The long form of the address is the same address.
    expect(ids('2001:0db8:0021:0000:0000:0000:0000:000b')[0]).toBe(
      demo.vms.find((v) => v.ipv6 === '2001:db8:21::b')!.id,
    );
  });

  it('finds an address imported in a long form by its short form, and back', () => {
    const long = '2001:0DB8:0021:0000:0000:0000:0000:0FFF';
    // An estate enters through its schema, which stores the RFC 5952 form whatever was written.
    const odd = EstateSchema.parse({
      ...demo,
      vms: demo.vms.map((v) => (v.id === vm.id ? { ...v, ipv6: long } : v)),
    });
    expect(odd.vms.find((v) => v.id === vm.id)!.ipv6).toBe('2001:db8:21::fff');
    expect(search(odd, '2001:db8:21::fff')[0]?.id).toBe(vm.id);
    expect(search(odd, long)[0]?.id).toBe(vm.id);
  });

  it('finds a VM by MAC in any case, with any separator or none', () => {
    const hex = vm.mac.replace(/:/g, '');
    for (const typed of [
      vm.mac,
      vm.mac.toUpperCase(),
      vm.mac.replace(/:/g, '-'),
      `${hex.slice(0, 4)}.${hex.slice(4, 8)}.${hex.slice(8)}`,
      hex,
    ]) {
      const [first] = search(demo, typed);
      expect(first?.id, typed).toBe(vm.id);
      expect(first?.detail).toContain(`MAC ${vm.mac}`);
    }
  });

  it('finds hosts by name or id, and sites by name or id', () => {
    const host = demo.devices.find((d) => d.id === vm.hostId)!;
    expect(search(demo, host.id)[0]).toMatchObject({
      kind: 'host',
      id: host.id,
      siteId: host.siteId,
    });
    expect(search(demo, host.name).some((h) => h.kind === 'host' && h.id === host.id)).toBe(true);
    expect(search(demo, 'amsterdam')[0]).toMatchObject({ kind: 'site', id: 'ams1' });
    expect(search(demo, 'AMS1')[0]).toMatchObject({ kind: 'site', id: 'ams1' });
    expect(search(demo, 'dublin')[0]).toMatchObject({ kind: 'site', id: 'dub-cloud' });
  });

  it('answers nothing for blank or unknown text, and at most the limit', () => {
    expect(search(demo, '   ')).toEqual([]);
    expect(search(demo, 'zzz-nothing')).toEqual([]);
    expect(search(demo, 'acme', 5)).toHaveLength(5);
    const hits = search(demo, 'acme', 50);
    expect(new Set(hits.map((h) => `${h.kind}:${h.id}`)).size).toBe(hits.length);
  });

  it('finds VMs among 100,000 by name, address and MAC', () => {
    const big = scaledDemoEstate(100_000);
    const n = 77_777;
    const copy = copyAddresses(n);
    const expected = big.vms.find((v) => v.mac === copy.mac)!;
    expect(search(big, copy.mac.toUpperCase())[0]?.id).toBe(expected.id);
    expect(search(big, copy.ipv4!)[0]?.id).toBe(expected.id);
    expect(search(big, copy.ipv6!)[0]?.id).toBe(expected.id);
    expect(search(big, expected.name)[0]?.id).toBe(expected.id);
    expect(search(big, 'wayne', 12)).toHaveLength(12);
  });
});
