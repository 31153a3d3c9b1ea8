import { buildDemoEstate } from '@vmmi/shared';
import { describe, expect, it } from 'vitest';
import type { ModelRect } from './graph-handle.ts';
import { globalElements, siteElements } from './elements.ts';
import { floorLabels, labelGroup, type FloorTarget, type LabelGroup } from './label-floor.ts';

/**
 * A label centred on (x, y), as wide as its text at 0.6 em a character and one
 * em high: enough geometry to overlap or not, as Cytoscape's would.
 */
class FakeLabel implements FloorTarget {
  size: number | null;
  body?: () => ModelRect | null;
  constructor(
    readonly group: LabelGroup,
    readonly x: number,
    readonly y: number,
    readonly text: string,
    readonly fontSize = 10,
  ) {
    this.size = fontSize;
  }
  setSize(size: number | null) {
    this.size = size;
  }
  box(): ModelRect | null {
    if (this.size === null) return null;
    const w = this.text.length * 0.6 * this.size;
    return {
      x1: this.x - w / 2,
      y1: this.y - this.size / 2,
      x2: this.x + w / 2,
      y2: this.y + this.size / 2,
    };
  }
}

/** A WAN link's label on a horizontal link from x1 to x2 at y = 0. */
class SlidingLabel extends FakeLabel {
  at = 0.5;
  aside = 0;
  constructor(
    readonly from: number,
    readonly to: number,
    text: string,
  ) {
    super('wan', (from + to) / 2, 0, text);
  }
  slide(t: number, aside: number) {
    this.at = t;
    this.aside = aside;
  }
  override box(): ModelRect | null {
    const b = super.box();
    const dx = this.from + this.at * (this.to - this.from) - this.x;
    // Square to a link drawn left to right is down the screen.
    return b && { x1: b.x1 + dx, x2: b.x2 + dx, y1: b.y1 + this.aside, y2: b.y2 + this.aside };
  }
}

describe('floorLabels', () => {
  it('sizes every label to at least px on screen, keeping stylesheet sizes that are larger', () => {
    const small = new FakeLabel('row', 0, 0, 'CORE', 10);
    const large = new FakeLabel('group', 0, 500, 'Pod 0', 60);
    // At zoom 0.5, 24 px on screen is a 48-unit font; the 60-unit caption is 30 px already.
    const result = floorLabels([small, large], 0.5, 24);
    expect(small.size).toBe(48);
    expect(large.size).toBe(60);
    expect(result).toEqual({ shown: ['row', 'group'], hidden: [] });
  });

  it('hides a whole kind of label when two of its labels would overlap, and keeps the others', () => {
    // Hosts 20 units apart: a one-character label at 48 units is 28.8 wide, so neighbours overlap.
    const hosts = [0, 20, 40].map((x) => new FakeLabel('host', x, 300, '3'));
    const rows = [new FakeLabel('row', -400, 0, 'CORE'), new FakeLabel('row', -400, 300, 'HOSTS')];
    const result = floorLabels([...hosts, ...rows], 0.5, 24);
    expect(hosts.map((h) => h.size)).toEqual([null, null, null]);
    expect(rows.map((r) => r.size)).toEqual([48, 48]);
    expect(result).toEqual({ shown: ['row'], hidden: ['host'] });
  });

  it('shows a kind whose labels stand apart', () => {
    // 200 units apart: 28.8-wide labels leave a wide gap.
    const hosts = [0, 200, 400].map((x) => new FakeLabel('host', x, 300, '3'));
    expect(floorLabels(hosts, 0.5, 24).shown).toEqual(['host']);
    expect(hosts.every((h) => h.size === 48)).toBe(true);
  });

  it('gives the space to the earlier kind: a switch name on a pod caption goes', () => {
    const caption = new FakeLabel('group', 0, 0, 'Pod 0');
    const spine = new FakeLabel('top', 30, 10, 'spine-1');
    const result = floorLabels([spine, caption], 1, 24);
    expect(caption.size).toBe(24);
    expect(spine.size).toBeNull();
    expect(result.hidden).toEqual(['top']);
  });

  it('counts labels closer than the gap as overlapping', () => {
    // Two 4-character labels at 24 units: 57.6 wide; centres 60 apart leave 2.4 units between them.
    const apart = () => [new FakeLabel('top', 0, 0, 'sw-1'), new FakeLabel('top', 60, 0, 'sw-2')];
    expect(floorLabels(apart(), 1, 24, 4).hidden).toEqual(['top']);
    expect(floorLabels(apart(), 1, 24, 2).shown).toEqual(['top']);
  });

  it('always draws site names and WAN loads, even where they overlap', () => {
    const sites = [new FakeLabel('site', 0, 0, 'London LON1'), new FakeLabel('site', 10, 0, 'X')];
    const wan = [new FakeLabel('wan', 5, 0, '62 %')];
    expect(floorLabels([...sites, ...wan], 1, 24)).toEqual({ shown: ['site', 'wan'], hidden: [] });
    expect([...sites, ...wan].every((l) => l.size === 24)).toBe(true);
  });

  it('slides a link’s label along its link, off a node it would be drawn under', () => {
    // A link from (0, 0) to (1000, 0) passing under a site whose body covers x 440–560.
    const site = new FakeLabel('site', 500, 100, 'LON1');
    site.body = () => ({ x1: 440, y1: -60, x2: 560, y2: 60 });
    const link = new SlidingLabel(0, 1000, '44 %');
    floorLabels([site, link], 1, 24);
    // The middle (x 500) is under the site; 0.4 of the way (x 400) is the first place tried next.
    expect(link.at).toBe(0.4);
  });

  it('puts a link’s label beside a short link with no room along it', () => {
    // A link from x 0 to 100 whose ends' bodies cover it but for x 40–60: a 57.6-wide label
    // has no room along it; 1.1 label heights (26.4) down, y 14.4–38.4, it clears the bodies
    // (y −10 to 10).
    const a = new FakeLabel('site', 0, -200, 'A');
    a.body = () => ({ x1: -40, y1: -10, x2: 40, y2: 10 });
    const b = new FakeLabel('site', 100, -200, 'B');
    b.body = () => ({ x1: 60, y1: -10, x2: 140, y2: 10 });
    const link = new SlidingLabel(0, 100, '65 %');
    floorLabels([a, b, link], 1, 24);
    expect(link).toMatchObject({ at: 0.5, aside: 24 * 1.1 });
  });

  it('puts a link’s label where it covers least when no place is clear', () => {
    // A body over the link up to x 800, and far to either side of it: the label at 0.82
    // (x 820, 57.6 wide, so x 791–849) is covered least of the places tried, though not clear.
    const site = new FakeLabel('site', 500, 300, 'LON1');
    site.body = () => ({ x1: -100, y1: -200, x2: 800, y2: 200 });
    const link = new SlidingLabel(0, 1000, '44 %');
    floorLabels([site, link], 1, 24);
    expect(link).toMatchObject({ at: 0.82, aside: 0 });
    expect(link.size).toBe(24);
  });

  it('does nothing for a zoom that is not positive', () => {
    const label = new FakeLabel('row', 0, 0, 'CORE');
    expect(floorLabels([label], 0, 24)).toEqual({ shown: [], hidden: [] });
    expect(label.size).toBe(10);
  });
});

describe('labelGroup', () => {
  const estate = buildDemoEstate();

  it('puts the global view in site names and WAN loads', () => {
    const { nodes, edges } = globalElements(estate);
    expect(new Set(nodes.map((n) => labelGroup(n.data)))).toEqual(new Set(['site']));
    expect(new Set(edges.map((e) => labelGroup(e.data)))).toEqual(new Set(['wan']));
  });

  it('sorts a fat-tree site into captions, gateway, the three switch tiers and hosts', () => {
    // ams1 is a fat-tree k=8 (demo-estate.ts): core on top, aggregation, edge, then hosts.
    const { nodes } = siteElements(estate, 'ams1');
    const count = (g: LabelGroup) => nodes.filter((n) => labelGroup(n.data) === g).length;
    expect(count('top')).toBe(16); // (k/2)² cores
    expect(count('middle')).toBe(32); // k pods × k/2 aggregation switches
    expect(count('bottom')).toBe(32); // k pods × k/2 edge switches
    expect(count('host')).toBe(128); // k³/4
    expect(count('gateway')).toBeGreaterThan(0);
    expect(count('row')).toBeGreaterThan(0);
    expect(count('group')).toBe(8); // one box per pod
  });
});
