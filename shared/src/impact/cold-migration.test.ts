/**
 * Cold migration and stateful / stateless VMs (R15) on the three-site test
 * estate, with the platforms of compatibility.test.ts: a.h1 runs KVM 7.2 on
 * Cascade Lake (AVX-512), b.h1 KVM 8.2 on EPYC Milan (no AVX-512), c.h1 KVM
 * 6.2, c.h2 ESXi. x-ov has a local 100 GiB disk, so a cold move copies it.
 *
 * The figures by hand: a lone migration a.h1 → b.h1 gets the engine's
 * max-bandwidth, 1.25e9 bytes/s (its path has 25 Gbit/s host links and a 100
 * Gbit/s WAN, all free, so the cap binds). The disk: 100 × 2^30 B / 1.25e9 B/s
 * = 85.89934592 s. Shutdown 10 s and boot 30 s (COLD_MIGRATION_DEFAULTS), so
 * the VM is down 125,899.35 ms (rounded to 0.01 as the interruption is); then
 * the strategy's network switch, as for a live move (l2-overlay: 2 × 50 ms).
 */
import { describe, expect, it } from 'vitest';
import type { Estate } from '../model/estate.ts';
import { createImpactEngine } from './engine.ts';
import { platformEstate as estate } from './platforms.test-estate.ts';
import { previewMove } from './preview.ts';
import type { ImpactReport, MoveRequest } from './report.ts';
import { hostIn } from './three-sites.test-estate.ts';

const DISK_MS = (100 * 2 ** 30 * 1000) / 1.25e9; // 85,899.34592 ms
const DOWN_MS = 10_000 + DISK_MS + 30_000; // 125,899.34592 ms

function preview(e: Estate, request: Partial<MoveRequest> & { hostId: string }): ImpactReport {
  const { hostId, ...rest } = request;
  const r = previewMove(createImpactEngine(e), {
    vmIds: ['x-ov'],
    target: { kind: 'host', hostId },
    strategy: 'best',
    ...rest,
  });
  if (!r.ok) throw new Error(r.error.message);
  return r.report;
}

const codes = (r: ImpactReport) => r.blocking.map((b) => b.code);

describe('cold migration offered where live is blocked (R15)', () => {
  it('blocks a CPU-incompatible live move and offers it cold with its downtime', () => {
    const live = preview(estate(), { hostId: hostIn('b', 1) });
    expect(live.feasible).toBe(false);
    expect(codes(live)).toContain('incompatible-cpu');
    const offer = live.coldOption!;
    expect(offer.because).toBe('live migration is blocked (incompatible-cpu)');
    expect(offer.steps.shutdownMs).toBe(10_000);
    expect(offer.steps.diskBytes).toBe(100 * 2 ** 30);
    expect(offer.steps.diskCopyMs).toBeCloseTo(85_899.34592, 4);
    expect(offer.steps.bootMs).toBe(30_000);
    // l2-overlay, as live would be: its network switch is the EVPN type-2 route's 2 BGP hops × 50 ms.
    expect(offer.strategy).toBe('l2-overlay');
    expect(offer.interruption).toEqual({
      vmId: 'x-ov',
      stopAndCopyMs: 125_899.35,
      announceMs: 0,
      networkSwitchMs: 100,
      totalMs: 125_999.35,
    });
  });

  it('admits the cold move, its downtime the whole outage with no pre-copy', () => {
    const cold = preview(estate(), { hostId: hostIn('b', 1), mode: 'cold' });
    expect(cold.feasible).toBe(true);
    expect(cold.request.mode).toBe('cold');
    expect(cold.coldOption).toBeNull();
    const m = cold.migrations[0]!;
    expect(m.mode).toBe('cold');
    expect(m.rounds).toBe(0);
    expect(m.totalBytes).toBe(100 * 2 ** 30);
    expect(m.downtimeMs).toBeCloseTo(DOWN_MS, 4);
    expect(m.totalSeconds! * 1000).toBeCloseTo(DOWN_MS, 4);
    expect(m.wanBytes).toBe(100 * 2 ** 30);
    expect(cold.interruption!.stopAndCopyMs).toBe(125_899.35);
    // The plan shuts down, copies the disk, boots, then switches the network: no memory copy.
    const kinds = cold.plan.map((s) => s.kind);
    expect(kinds).not.toContain('pre-copy');
    expect(kinds).not.toContain('stop-and-copy');
    const i = (k: string) => kinds.indexOf(k as never);
    expect(i('shutdown')).toBeLessThan(i('storage-copy'));
    expect(i('storage-copy')).toBeLessThan(i('boot'));
    expect(i('boot')).toBeLessThan(i('switch-network'));
    const ms = (k: string) => cold.plan.find((s) => s.kind === k)!.expectedMs;
    expect(ms('shutdown') + ms('storage-copy') + ms('boot')).toBeCloseTo(DOWN_MS, 4);
    // The offer of the live preview is this preview's figure.
    const live = preview(estate(), { hostId: hostIn('b', 1) });
    expect(live.coldOption!.interruption).toEqual(cold.interruption);
    expect(live.coldOption!.strategy).toBe(cold.strategy);
  });

  it('offers it cold for an older release of the same family', () => {
    const live = preview(estate(), { hostId: hostIn('c', 1) });
    expect(codes(live)).toContain('incompatible-hypervisor');
    expect(live.coldOption?.because).toBe('live migration is blocked (incompatible-hypervisor)');
    expect(preview(estate(), { hostId: hostIn('c', 1), mode: 'cold' }).feasible).toBe(true);
  });

  it('keeps another hypervisor family blocked live and cold, with its reason', () => {
    const live = preview(estate(), { hostId: hostIn('c', 2) });
    expect(live.feasible).toBe(false);
    expect(live.coldOption).toBeNull();
    const cold = preview(estate(), { hostId: hostIn('c', 2), mode: 'cold' });
    expect(cold.feasible).toBe(false);
    const reason = cold.blocking.find((b) => b.code === 'incompatible-hypervisor')!;
    expect(reason.message).toContain('neither live nor cold');
  });

  it('still applies capacity to a cold move, and offers nothing cold cannot do', () => {
    const e = estate();
    e.devices.find((d) => d.id === hostIn('b', 1))!.capacity!.diskGiB = 50;
    const live = preview(e, { hostId: hostIn('b', 1) });
    expect(codes(live)).toEqual(expect.arrayContaining(['incompatible-cpu', 'host-capacity']));
    expect(live.coldOption).toBeNull();
    const cold = preview(e, { hostId: hostIn('b', 1), mode: 'cold' });
    expect(codes(cold)).toContain('host-capacity');
    expect(codes(cold)).not.toContain('incompatible-cpu');
  });

  it('offers nothing for a stateful or unstated VM whose live move is feasible', () => {
    expect(preview(estate(), { hostId: hostIn('a', 2) }).coldOption).toBeNull();
    expect(preview(estate({ state: 'stateful' }), { hostId: hostIn('a', 2) }).coldOption).toBe(
      null,
    );
  });

  it('refuses a mode it does not know as a typed error', () => {
    const r = previewMove(createImpactEngine(estate()), {
      vmIds: ['x-ov'],
      target: { kind: 'host', hostId: hostIn('b', 1) },
      mode: 'warm',
    });
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error.code).toBe('invalid-request');
    expect(!r.ok && r.error.message).toContain('mode');
  });
});

describe('stateless VMs (R15)', () => {
  it('are offered a cold move even when live is possible', () => {
    const live = preview(estate({ state: 'stateless' }), { hostId: hostIn('a', 2) });
    expect(live.feasible).toBe(true);
    expect(live.coldOption?.because).toBe('x-ov is stateless: a cold move loses nothing');
    // In one site: one hop pair of 25 Gbit/s links, the cap binds again.
    expect(live.coldOption!.interruption.stopAndCopyMs).toBe(125_899.35);
  });

  it('go cold to another hypervisor family, redeployed from their image', () => {
    const e = estate({ state: 'stateless' });
    const live = preview(e, { hostId: hostIn('c', 2) });
    expect(live.feasible).toBe(false);
    expect(codes(live)).toContain('incompatible-hypervisor');
    expect(live.coldOption?.because).toBe('live migration is blocked (incompatible-hypervisor)');
    const cold = preview(e, { hostId: hostIn('c', 2), mode: 'cold' });
    expect(cold.feasible).toBe(true);
    expect(codes(cold)).not.toContain('incompatible-hypervisor');
  });
});
