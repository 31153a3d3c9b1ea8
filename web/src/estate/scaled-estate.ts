/**
 * Test data: the demo estate with its VMs copied until there are `count`,
 * each copy with its own id, name, MAC and addresses, on the same hosts. For
 * the unit tests that check the table and the search at 100,000 VMs.
 */
import { buildDemoEstate, type Estate, type Vm } from '@vmmi/shared';

const hex = (n: number, width: number) => n.toString(16).padStart(width, '0');

/** The n-th copy's MAC (02: locally administered) and addresses, unique up to 16 million. */
export function copyAddresses(n: number): Pick<Vm, 'mac' | 'ipv4' | 'ipv6'> {
  const b = [(n >> 16) & 255, (n >> 8) & 255, n & 255];
  return {
    mac: `02:00:00:${b.map((x) => hex(x, 2)).join(':')}`,
    ipv4: `100.${b.join('.')}`,
    // Canonical (RFC 5952) form: no zero group before the last one.
    ipv6: `2001:db8:ff::${n >> 16 ? `${hex(n >> 16, 1)}:` : ''}${hex(n & 0xffff, 1)}`,
  };
}

export function scaledDemoEstate(count: number): Estate {
  const demo = buildDemoEstate();
  const vms: Vm[] = [...demo.vms];
  for (let n = 0; vms.length < count; n++) {
    const vm = demo.vms[n % demo.vms.length]!;
    const suffix = `~${Math.floor(n / demo.vms.length) + 1}`;
    vms.push({ ...vm, id: vm.id + suffix, name: vm.name + suffix, ...copyAddresses(n) });
  }
  return { ...demo, vms };
}
