/**
 * Which migrations of a group copy together, and the bandwidth each gets
 * (R14). The executor starts a plan's runs first come first served under its
 * concurrency limits (`admit`: per host, per site, per WAN link) and shares
 * the links max-min fairly among the runs copying (`fairShares`). The preview
 * applies the same two rules: the group, in request order, is admitted in
 * waves, each wave what `admit` lets start once the earlier ones have ended,
 * and each VM gets its share of its wave. docs/migration-model.md §1.
 */
import {
  admit,
  claimOf,
  SAFETY_DEFAULTS,
  type MigrationLimits,
  type SlotClaim,
} from '../execution/safety.ts';
import { migrationBandwidths, type MigrationBandwidth } from '../migration/bandwidth.ts';
import { pathLinks, type PathLinkCapacity } from '../migration/path-links.ts';
import type { UnderlayPath } from '../routing/underlay.ts';
import { ENGINE_DEFAULTS, type ImpactEngine } from './engine.ts';
import type { VmMove } from './move-context.ts';

/** How one VM of a group is copied. */
export interface MigrationCopy {
  path: UnderlayPath;
  /** The path's links with their free capacity. */
  links: PathLinkCapacity[];
  /** Its admission round, from 1: the executor starts it once the earlier waves have ended. */
  wave: number;
  /** Its share of the bandwidth while its wave copies. */
  bandwidth: MigrationBandwidth;
}

/**
 * How each VM of a group is copied, by VM id; a VM whose hosts have no path
 * between them is missing (it cannot be copied at all). A lone VM is a wave
 * of one and gets min(cap, F) of its path's least free link.
 */
export function migrationWaves(
  engine: ImpactEngine,
  moves: readonly VmMove[],
  limits: MigrationLimits = SAFETY_DEFAULTS,
): Map<string, MigrationCopy> {
  const routes = new Map<string, { path: UnderlayPath; links: PathLinkCapacity[] }>();
  let waiting: SlotClaim[] = [];
  for (const { vm, fromHost, toHost, fromSite, toSite } of moves) {
    // The flow key the plan's runs use too (specsOfReport), so both see the same ECMP path.
    const path = engine.routing.hostPath(fromHost.id, toHost.id, `migration:${vm.id}`);
    if (!path) continue;
    const links = pathLinks(engine.index.estate, path.links);
    routes.set(vm.id, { path, links });
    const claim = claimOf({
      fromHost: fromHost.id,
      toHost: toHost.id,
      fromSite: fromSite.id,
      toSite: toSite.id,
      path: links,
    });
    waiting.push({ id: vm.id, ...claim });
  }

  const out = new Map<string, MigrationCopy>();
  for (let wave = 1; waiting.length > 0; wave++) {
    const admitted = new Set(admit([], waiting, limits));
    // A limit below 1 admits nothing (the executor would wait for ever): show the rest one at a time rather than loop.
    if (admitted.size === 0) admitted.add(waiting[0]!.id);
    const members = waiting.filter((c) => admitted.has(c.id)).map((c) => c.id);
    waiting = waiting.filter((c) => !admitted.has(c.id));
    const capacity = new Map<string, number>();
    for (const id of members)
      for (const l of routes.get(id)!.links) capacity.set(l.id, l.freeBytesPerSecond);
    const shares = migrationBandwidths(
      members.map((id) => ({
        id,
        cap: ENGINE_DEFAULTS.maxMigrationBandwidth,
        links: routes.get(id)!.links.map((l) => l.id),
      })),
      capacity,
    );
    for (const id of members) out.set(id, { ...routes.get(id)!, wave, bandwidth: shares.get(id)! });
  }
  return out;
}
