import { buildDemoEstate, StrategyNameSchema, type PreviewOptions } from '@vmmi/shared';
import { describe, expect, it } from 'vitest';
import type { EstateApi } from '../api/estate-api.ts';
import type { AcceptInput, AcceptOutcome, PlansApi } from '../api/plans-api.ts';
import { createAppStore } from './app-store.ts';

const demo = buildDemoEstate();
// The demo's prepared cases: a VXLAN network stretched across fra1 and ams1, and a VLAN
// network present in both sites as two L2 domains with the same subnet (R10).
const stretchedVm = 'acme-web-web-01';
const legacyVm = 'acme-legacy-erp-01';
const ams1Host = demo.devices.find((d) => d.siteId === 'ams1' && d.role === 'host')!.id;
// sin1's gateway routes IPv6 only (demo-sites.ts), and the stretched VM's flows are IPv4:
// every strategy is blocked there ("has no IP family left").
const sin1Host = demo.devices.find((d) => d.siteId === 'sin1' && d.role === 'host')!.id;

function setup(
  opts: {
    version?: number;
    accept?: (i: AcceptInput) => AcceptOutcome;
    previewOptions?: PreviewOptions;
  } = {},
) {
  let version = opts.version ?? 1;
  const estateApi: EstateApi = {
    listEstates: () => Promise.resolve([]),
    getEstate: () => Promise.resolve({ estate: demo, version }),
    ...(opts.previewOptions && {
      getPreviewOptions: () => Promise.resolve(opts.previewOptions!),
    }),
  };
  const accepted: AcceptInput[] = [];
  const plans: PlansApi = {
    accept: (input) => {
      accepted.push(input);
      return Promise.resolve(opts.accept?.(input) ?? { kind: 'accepted', planId: 'plan-1' });
    },
  };
  const store = createAppStore({ api: estateApi, plans });
  return {
    store,
    accepted,
    actions: () => store.getState().actions,
    planner: () => store.getState().planner,
    bumpVersion: () => (version += 1),
  };
}

describe('planner actions', () => {
  it('previews a drag over a host of another site with the engine, and stages it on drop (R1, R6)', async () => {
    const t = setup();
    await t.actions().loadEstate('demo');
    t.actions().beginMove([stretchedVm], 'drag');
    expect(t.planner().preview).toBeNull();
    t.actions().setMoveTarget({ kind: 'host', hostId: ams1Host });
    const preview = t.planner().preview;
    expect(preview?.ok).toBe(true);
    if (!preview?.ok) return;
    // 'best' is the cheapest feasible strategy of the comparison (docs/strategies.md).
    const feasible = preview.report.comparison.filter((c) => c.feasible);
    const cheapest = feasible.reduce((a, b) =>
      (b.cost ?? Infinity) < (a.cost ?? Infinity) ? b : a,
    );
    expect(preview.report.strategy).toBe(cheapest.strategy);
    expect(feasible.map((c) => c.strategy)).toContain('l2-overlay');
    expect(preview.report.tunnels.createdCount).toBeGreaterThan(0);
    // 'best' asks for the comparison too, so the panel can set the strategies side by side.
    expect(preview.report.comparison).toHaveLength(StrategyNameSchema.options.length);

    expect(t.actions().stageMove()).toBe(true);
    const [plan] = t.planner().staged;
    expect(plan).toMatchObject({ vmIds: [stretchedVm], estateVersion: 1, status: 'staged' });
    expect(t.planner().draft).toBeNull();
  });

  it('previews a group in the waves the server will run it in, with the server’s own limits', async () => {
    const pair = demo.vms.filter((v) => v.networkId === 'acme-web').slice(0, 2);
    const group = async (previewOptions?: PreviewOptions) => {
      const t = setup(previewOptions ? { previewOptions } : {});
      await t.actions().start();
      await t.actions().loadEstate('demo');
      t.actions().beginMove(
        pair.map((v) => v.id),
        'dialog',
      );
      t.actions().setMoveTarget({ kind: 'host', hostId: ams1Host });
      const preview = t.planner().preview;
      if (!preview?.ok) throw new Error('no preview');
      return preview.report.migrations.map((m) => [m.wave, m.sharers]);
    };
    // The engine's default, 2 migrations per host: both copy at once and share the path.
    expect(await group()).toEqual([
      [1, 2],
      [1, 2],
    ]);
    // A server that allows one per host: one after the other, each alone on the path.
    const oneAtATime = { migrationLimits: { perHost: 1, perSite: 8, perWanLink: 4 } };
    expect(await group(oneAtATime)).toEqual([
      [1, 1],
      [2, 1],
    ]);
  });

  it('a named strategy is previewed as asked, and shows the duplicate IP it would cause (R10)', async () => {
    const t = setup();
    await t.actions().loadEstate('demo');
    t.actions().beginMove([legacyVm], 'dialog');
    t.actions().setMoveTarget({ kind: 'host', hostId: ams1Host });
    t.actions().setMoveStrategy('pmip');
    const preview = t.planner().preview;
    expect(preview?.ok && preview.report.strategy).toBe('pmip');
    expect(preview?.ok && preview.report.feasible).toBe(false);
    expect(preview?.ok && preview.report.blocking.map((b) => b.code)).toContain('address-conflict');
  });

  it('a drop on nothing, or on something that is not a host, stages nothing and says why', async () => {
    const t = setup();
    await t.actions().loadEstate('demo');
    t.actions().beginMove([stretchedVm], 'drag');
    expect(t.actions().stageMove()).toBe(false);
    expect(t.planner().notice?.kind).toBe('error');

    const spine = demo.devices.find((d) => d.role !== 'host' && d.role !== 'gateway')!;
    t.actions().beginMove([stretchedVm], 'drag');
    t.actions().setMoveTarget({ kind: 'host', hostId: spine.id });
    expect(t.actions().stageMove()).toBe(false);
    expect(t.planner().notice?.text).toMatch(/VMs run on hosts/);
    expect(t.planner().staged).toHaveLength(0);
  });

  it('a drop while the estate is reloading stages nothing and keeps the staged plans', async () => {
    const t = setup();
    await t.actions().loadEstate('demo');
    t.actions().beginMove([stretchedVm], 'drag');
    t.actions().setMoveTarget({ kind: 'site', siteId: 'ams1' });
    t.actions().stageMove();
    const reload = t.actions().loadEstate('demo');
    t.actions().beginMove([legacyVm], 'drag');
    t.actions().setMoveTarget({ kind: 'site', siteId: 'ams1' });
    expect(t.actions().stageMove()).toBe(false);
    expect(t.planner().notice?.text).toMatch(/reloading/);
    await reload;
    expect(t.planner().staged).toHaveLength(1);
  });

  it('undo takes back the newest staged plan and redo restores it', async () => {
    const t = setup();
    await t.actions().loadEstate('demo');
    for (const site of ['ams1', 'lon1']) {
      t.actions().beginMove([stretchedVm], 'dialog');
      t.actions().setMoveTarget({ kind: 'site', siteId: site });
      t.actions().stageMove();
    }
    const ids = t.planner().staged.map((p) => p.id);
    t.actions().undoStage();
    expect(t.planner().staged.map((p) => p.id)).toEqual([ids[0]]);
    t.actions().redoStage();
    expect(t.planner().staged.map((p) => p.id)).toEqual(ids);
  });

  it('accepting sends the version previewed; a conflict is kept with its message and recompute clears it', async () => {
    let conflict = true;
    const t = setup({
      accept: () =>
        conflict
          ? { kind: 'conflict', message: 'estate "demo" is at version 2, not 1' }
          : { kind: 'accepted', planId: 'plan-9' },
    });
    await t.actions().loadEstate('demo');
    t.actions().beginMove([stretchedVm], 'drag');
    t.actions().setMoveTarget({ kind: 'host', hostId: ams1Host });
    t.actions().stageMove();
    const id = t.planner().staged[0]!.id;

    await t.actions().acceptPlan(id);
    expect(t.accepted[0]).toMatchObject({ estateId: 'demo', expectedVersion: 1 });
    expect(t.planner().staged[0]).toMatchObject({ status: 'conflict', message: /version 2/ });

    t.bumpVersion();
    await t.actions().loadEstate('demo');
    t.actions().recomputePlan(id);
    expect(t.planner().staged[0]).toMatchObject({ status: 'staged', estateVersion: 2 });
    conflict = false;
    await t.actions().acceptPlan(id);
    expect(t.accepted[1]?.expectedVersion).toBe(2);
    expect(t.planner().staged[0]).toMatchObject({ status: 'accepted', planId: 'plan-9' });
    // An accepted plan is not taken back by Undo.
    t.actions().undoStage();
    expect(t.planner().staged).toHaveLength(1);
  });

  it('Recompute reloads the estate in place (the picture never blanks) and recomputes on the new version', async () => {
    const t = setup({ accept: () => ({ kind: 'conflict', message: 'estate changed' }) });
    await t.actions().loadEstate('demo');
    t.actions().beginMove([stretchedVm], 'drag');
    t.actions().setMoveTarget({ kind: 'site', siteId: 'ams1' });
    t.actions().stageMove();
    const id = t.planner().staged[0]!.id;
    await t.actions().acceptPlan(id);
    t.bumpVersion();
    const statuses: string[] = [];
    const off = t.store.subscribe((s) => statuses.push(s.estate.status));
    await t.actions().refreshAndRecompute(id);
    off();
    expect(statuses).not.toContain('loading');
    expect(t.planner().staged[0]).toMatchObject({ status: 'staged', estateVersion: 2 });
  });

  it('an unreachable server leaves the plan staged with the reason', async () => {
    const t = setup({
      accept: () => ({ kind: 'error', message: 'the server could not be reached' }),
    });
    await t.actions().loadEstate('demo');
    t.actions().beginMove([stretchedVm], 'drag');
    t.actions().setMoveTarget({ kind: 'site', siteId: 'ams1' });
    t.actions().stageMove();
    await t.actions().acceptPlan(t.planner().staged[0]!.id);
    expect(t.planner().staged[0]).toMatchObject({
      status: 'error',
      message: /could not be reached/,
    });
  });

  it('stages many moves at once (an evacuation), a blocked one as a draft, and says so', async () => {
    const t = setup();
    await t.actions().loadEstate('demo');
    const fra1Host = demo.devices.find(
      (d) =>
        d.siteId === 'fra1' &&
        d.role === 'host' &&
        d.id !== demo.vms.find((v) => v.id === stretchedVm)!.hostId,
    )!.id;
    const result = t.actions().stageMoves(
      [
        { vmId: stretchedVm, toHost: fra1Host },
        { vmId: legacyVm, toHost: sin1Host },
      ],
      'the evacuation of a test host',
    );
    // Inside fra1 the stretched VM keeps its L2 segment (same-l2); the legacy VM's IPv4-only
    // flows have no IP family left at IPv6-only sin1 whatever the strategy: a draft.
    expect(result).toEqual({ staged: 2, drafts: 1 });
    expect(t.planner().staged.map((p) => [p.vmIds[0], p.target, !!p.draft])).toEqual([
      [stretchedVm, { kind: 'host', hostId: fra1Host }, false],
      [legacyVm, { kind: 'host', hostId: sin1Host }, true],
    ]);
    expect(t.planner().notice).toEqual({
      kind: 'info',
      text: 'Staged 2 moves of the evacuation of a test host; 1 kept as draft: blocked. Nothing runs until you accept.',
    });
  });

  /** Drops the stretched VM on a sin1 host (blocked); returns whether the drop staged it. */
  async function dropBlocked(via: 'drag' | 'dialog', at?: { x: number; y: number }) {
    const t = setup();
    await t.actions().loadEstate('demo');
    t.actions().beginMove([stretchedVm], via);
    t.actions().setMoveTarget({ kind: 'host', hostId: sin1Host });
    return { t, staged: t.actions().stageMove(at) };
  }

  it('a blocked drop stages nothing: it is held with its first reason until the operator answers', async () => {
    const { t, staged } = await dropBlocked('drag', { x: 300, y: 200 });
    expect(staged).toBe(false);
    expect(t.planner().staged).toHaveLength(0);
    const held = t.planner().held;
    expect(held).toMatchObject({ vmIds: [stretchedVm], at: { x: 300, y: 200 }, via: 'drag' });
    expect(held?.report.feasible).toBe(false);
    expect(held?.report.blocking[0]?.message).toMatch(/no IP family left/);
    expect(t.planner().draft).toBeNull();

    // Letting it go says why, and leaves nothing staged.
    t.actions().dismissHeld();
    expect(t.planner().held).toBeNull();
    expect(t.planner().staged).toHaveLength(0);
    expect(t.planner().notice).toMatchObject({ kind: 'error', text: /^Not staged: .*IP family/ });
  });

  it('a held drop kept as a draft is listed as a draft and cannot be accepted', async () => {
    const { t } = await dropBlocked('dialog');
    t.actions().keepHeldAsDraft();
    expect(t.planner().held).toBeNull();
    const [plan] = t.planner().staged;
    expect(plan).toMatchObject({ draft: true, status: 'staged', estateVersion: 1 });
    expect(t.planner().focusedPlanId).toBe(plan!.id);
    await t.actions().acceptPlan(plan!.id);
    expect(t.accepted).toHaveLength(0);
    expect(t.planner().staged[0]?.status).toBe('staged');
  });

  it('a new move lets a held drop go', async () => {
    const { t } = await dropBlocked('drag');
    t.actions().beginMove([legacyVm], 'drag');
    expect(t.planner().held).toBeNull();
    t.actions().keepHeldAsDraft();
    expect(t.planner().staged).toHaveLength(0);
  });
});
