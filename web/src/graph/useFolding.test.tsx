// @vitest-environment happy-dom
/**
 * useFolding: a large generated site opens folded from its devices in row
 * order, and its full layout is made only when the browser is idle or the user
 * folds or unfolds something, whichever comes first; what is drawn is the same.
 */
import { buildSingleSiteEstate } from '@vmmi/shared';
import { act, renderHook } from '@testing-library/react';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import * as elements from './elements.ts';
import type * as ElementsModule from './elements.ts';
import { animationFrames, idlePeriods } from '../frame-test-helpers.ts';
import { foldAll, foldedGroups, planFolds, toggleFold } from './fold.ts';
import { foldElements } from './fold-elements.ts';
import { useFolding } from './useFolding.ts';
import { markFirstFrame } from '../perf-marks.ts';

vi.mock('./elements.ts', async (original) => {
  const actual = await original<typeof ElementsModule>();
  return { ...actual, siteElements: vi.fn(actual.siteElements) };
});
const siteElements = vi.mocked(elements.siteElements);

const idle = idlePeriods();
const runIdle = idle.run;
const frames = animationFrames();
const runFrame = frames.run;

beforeAll(() => {
  vi.stubGlobal('requestAnimationFrame', frames.request);
  vi.stubGlobal('requestIdleCallback', idle.request);
  vi.stubGlobal('cancelIdleCallback', () => undefined);
});
afterAll(() => vi.unstubAllGlobals());
beforeEach(() => {
  idle.clear();
  siteElements.mockClear();
});

// A fat-tree k=16: 320 switches, 1,024 hosts and 3,072 links, past the 2,000 at which a site opens folded.
const estate = buildSingleSiteEstate('fat-tree', { k: 16 });
const site = estate.sites[0]!;

/** What the full layout draws for `state`, made the way it was before row order. */
function drawnInFull(state = foldAll(true)) {
  const full = elements.siteElements(estate, site.id);
  const plan = planFolds(full, site.topology.kind);
  return { full, plan, picture: foldElements(full, plan, foldedGroups(plan, state)) };
}

describe('useFolding on a large generated site', () => {
  it('opens folded without the full layout, and makes it when the browser is idle after the first frame; the picture stays', () => {
    const { result } = renderHook(() => useFolding(estate, site));
    expect(siteElements).not.toHaveBeenCalled();
    // Idle moments before the page's first frame are not used: they are gaps between its steps.
    act(runIdle);
    expect(siteElements).not.toHaveBeenCalled();
    markFirstFrame();
    act(runFrame);
    const opening = result.current.elements;
    expect(opening.nodes.filter((n) => n.data.kind === 'fold')).toHaveLength(16 + 8);
    expect(result.current.size).toEqual({ switches: 320, hosts: 1024 });

    act(runIdle);
    expect(siteElements).toHaveBeenCalledTimes(1);
    const expected = drawnInFull().picture;
    expect(result.current.elements.nodes.map((n) => [n.id, n.position])).toEqual(
      expected.nodes.map((n) => [n.id, n.position]),
    );
    expect(result.current.elements.nodes.map((n) => n.id)).toEqual(opening.nodes.map((n) => n.id));
  });

  it('makes the full layout at once when a pod is unfolded before the browser was idle', () => {
    const { result } = renderHook(() => useFolding(estate, site));
    const pod = result.current.plan!.groups.find((g) => g.label === 'Pod 3')!;
    act(() => result.current.toggle(pod.id));
    expect(siteElements).toHaveBeenCalled();
    const { plan, picture } = drawnInFull(toggleFold(foldAll(true), pod.id, result.current.plan!));
    expect(plan.groups.find((g) => g.label === 'Pod 3')!.id).toBe(pod.id);
    // Pod 3's 8 edge and 8 aggregation switches and its 64 hosts, where the full layout's shelf puts them.
    const drawn = (g: typeof picture) =>
      g.nodes.filter((n) => n.data.pod === 3 || pod.memberIds.includes(n.id));
    expect(drawn(result.current.elements)).toHaveLength(8 + 8 + 64);
    expect(drawn(result.current.elements).map((n) => n.position)).toEqual(
      drawn(picture).map((n) => n.position),
    );
  });

  it('draws a small site unfolded from its full layout at once', () => {
    const small = buildSingleSiteEstate('fat-tree', { k: 4 });
    const { result } = renderHook(() => useFolding(small, small.sites[0]!));
    expect(siteElements).toHaveBeenCalledTimes(1);
    expect(result.current.folded.size).toBe(0);
    expect(result.current.elements).toBe(siteElements.mock.results[0]!.value);
  });
});
