// One rule, two callers (DESIGN.md): with nothing in flight, the preview blocks a move for
// capacity, disk, tables, targets or placement rules exactly when admission, which execution's
// prechecks apply to the plan's placements, refuses them, and for the same reasons.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { smallFabric } from '../addressing/test-estate.ts';
import type { Vm } from '../model/vm.ts';
import { ADMISSION_CODES, admitPlacement, reasonOf } from '../policy/admission.ts';
import { admissionCase } from '../policy/test-admission.ts';
import { createImpactEngine } from './engine.ts';
import { previewMove } from './preview.ts';

describe('the preview and admission', () => {
  it('agree on random small estates and moves with nothing in flight (1,000 random cases)', () => {
    const seen = { feasible: 0, blocked: 0, targetDown: 0, noHost: 0 };
    fc.assert(
      fc.property(admissionCase, ({ estate, request }) => {
        const engine = createImpactEngine(estate);
        const result = previewMove(engine, { ...request, strategy: 'best' });
        if (!result.ok) {
          const { code } = result.error;
          if (code === 'target-host-down' && request.target.kind === 'host') {
            // The request never becomes a plan; admission of the same placement refuses every VM
            // that would move (the preview says the host is down before it says a VM is on it).
            const { hostId } = request.target;
            const placement = new Map(request.vmIds.map((id) => [id, hostId]));
            const moving = request.vmIds.filter(
              (id) => engine.index.vms.get(id)!.hostId !== hostId,
            );
            const down = admitPlacement(engine.index, placement).reasons.filter(
              (r) => r.code === 'target-host-down',
            );
            expect(down.map((r) => r.vmId)).toEqual(moving);
            seen.targetDown++;
          } else if (code === 'no-host-available' && request.target.kind === 'site') {
            // No up host of the site has room: admission refuses each for capacity.
            const { siteId } = request.target;
            const hosts = estate.devices.filter(
              (d) =>
                d.role === 'host' &&
                d.siteId === siteId &&
                d.state === 'up' &&
                !estate.vms.some((vm) => request.vmIds.includes(vm.id) && vm.hostId === d.id),
            );
            for (const host of hosts) {
              const placement = new Map(request.vmIds.map((id) => [id, host.id]));
              const codes = admitPlacement(engine.index, placement).reasons.map((r) => r.code);
              expect(codes, host.id).toContain('host-capacity');
            }
            seen.noHost++;
          } else expect(['same-host']).toContain(code);
          return;
        }
        const { report } = result;
        const placement = new Map(report.placements.map((p) => [p.vmId, p.toHost]));
        const admission = admitPlacement(engine.index, placement);
        const previewed = report.blocking.filter((b) => ADMISSION_CODES.has(b.code));
        expect(previewed).toEqual(admission.reasons.map(reasonOf));
        expect(previewed.length === 0).toBe(admission.admitted);
        if (admission.admitted) seen.feasible++;
        else seen.blocked++;
      }),
      { seed: 20_260_318, numRuns: 1_000 },
    );
    // Every branch is taken, the two verdicts often (461, 309, 69 and 66 with this seed).
    expect(seen.feasible).toBeGreaterThan(300);
    expect(seen.blocked).toBeGreaterThan(200);
    expect(seen.targetDown).toBeGreaterThan(30);
    expect(seen.noHost).toBeGreaterThan(30);
  });
});

describe('a drop on a site', () => {
  it('lands on a host with room for the local disk, not the one with the most free vCPU', () => {
    const estate = smallFabric();
    // In site b: srv-00 has 64 free vCPU and 100 GiB of disk; srv-01 has 32 and 4,000 GiB.
    estate.devices = estate.devices.map((d) =>
      d.id === 'b.srv-00'
        ? { ...d, capacity: { vcpu: 64, memoryGiB: 512, diskGiB: 100 } }
        : d.role === 'host' && d.siteId === 'b'
          ? { ...d, capacity: { vcpu: 32, memoryGiB: 512, diskGiB: 4000 } }
          : d,
    );
    const vm: Vm = {
      id: 'db',
      name: 'db',
      tenantId: 't2',
      networkId: 'vxlan',
      hostId: 'a.leaf-1-h1',
      mac: '02:00:00:00:02:01',
      ipv4: '10.3.0.20',
      vcpu: 4,
      memoryGiB: 16,
      dirtyRateMiBps: 10,
      disk: { kind: 'local', sizeGiB: 300 },
    };
    estate.vms = [vm];
    const result = previewMove(createImpactEngine(estate), {
      vmIds: ['db'],
      target: { kind: 'site', siteId: 'b' },
    });
    expect(result.ok && result.report.placements[0]!.toHost).toBe('b.srv-01');
    expect(result.ok && result.report.blocking.filter((b) => ADMISSION_CODES.has(b.code))).toEqual(
      [],
    );
  });
});
