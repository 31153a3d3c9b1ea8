/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-argument, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-explicit-any, @typescript-eslint/no-unsafe-return -- the parsed XML is walked as plain data; the assertions are what check its shape */
import { buildDemoEstate } from '@vmmi/shared';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { exportFileName, pngFileName } from '../components/download.ts';
import { CUSTOM_SITE_ID, customEstate, irregularFabric } from '../graph/custom-site-fixtures.ts';
import { globalElements, siteElements } from '../graph/elements.ts';
import { foldElements } from '../graph/fold-elements.ts';
import { foldAll, foldedGroups, planFolds } from '../graph/fold.ts';
import { PALETTES } from '../theme/palette.ts';
import { toDrawio } from './drawio.ts';
import { exportModel, exportText } from './export-model.ts';
import { toGraphml } from './graphml.ts';
import { toSvg } from './svg.ts';

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseAttributeValue: false,
  parseTagValue: false,
  isArray: (name, _path, _leaf, isAttribute) =>
    !isAttribute && ['mxCell', 'node', 'edge', 'data', 'key', 'g', 'line'].includes(name),
});

type Xml = Record<string, any>;

function parse(text: string): Xml {
  expect(XMLValidator.validate(text)).toBe(true);
  return parser.parse(text) as Xml;
}

const estate = buildDemoEstate();
const lon1 = estate.sites.find((s) => s.id === 'lon1')!;
const lonDevices = estate.devices.filter((d) => d.siteId === 'lon1');
const lonIds = new Set(lonDevices.map((d) => d.id));
const lonLinks = estate.links.filter((l) => lonIds.has(l.a) && lonIds.has(l.b));
const lonElements = siteElements(estate, 'lon1');
const lonModel = exportModel(lonElements, `${lon1.name} (site view)`);
const positionOf = new Map(lonElements.nodes.map((n) => [n.id, n.position]));

/** The awkward name: every character XML escapes, and a newline. */
const AWKWARD = `leaf <a> & "b" 'c'\nnext`;
function awkwardModel() {
  const fabric = irregularFabric();
  fabric.devices = fabric.devices.map((d) => (d.id === 'leaf-a' ? { ...d, name: AWKWARD } : d));
  return exportModel(siteElements(customEstate(fabric), CUSTOM_SITE_ID), 'Lab <1> & "co"');
}

describe('the export model', () => {
  it('holds the site view: one node per device, one edge per link, with their roles and tiers', () => {
    expect(lonModel.nodes).toHaveLength(lonDevices.length);
    expect(lonModel.edges).toHaveLength(lonLinks.length);
    const byId = new Map(lonModel.nodes.map((n) => [n.id, n]));
    for (const d of lonDevices) {
      const n = byId.get(d.id)!;
      expect([n.role, n.site, n.label]).toEqual([d.role, 'lon1', d.name]);
      // Leaf-spine colours: spines top, leaves bottom (the switches hosts hang off).
      const tier = { spine: 'top', leaf: 'bottom', host: 'host', gateway: 'gateway' }[
        d.role as string
      ];
      expect(n.tier, d.id).toBe(tier);
    }
  });

  it('holds the global view: the sites and the WAN links between them', () => {
    const model = exportModel(globalElements(estate), 'Demo');
    expect(model.nodes.map((n) => n.id).sort()).toEqual(estate.sites.map((s) => s.id).sort());
    expect(model.nodes.every((n) => n.role === 'site' && n.tier === 'site')).toBe(true);
    const crossSite = estate.wanLinks.filter((w) => {
      const site = (id: string) => estate.devices.find((d) => d.id === id)!.siteId;
      return site(w.a) !== site(w.b);
    });
    expect(model.edges).toHaveLength(crossSite.length);
  });

  it('holds a folded view as drawn: folded groups as nodes, merged links with their count', () => {
    const plan = planFolds(lonElements, 'leaf-spine');
    const folded = foldElements(lonElements, plan, foldedGroups(plan, foldAll(true)));
    const model = exportModel(folded, 'folded');
    const groups = model.nodes.filter((n) => n.role === 'group');
    expect(groups).toHaveLength(plan.groups.length);
    // Every physical link but those inside a group is counted once on the merged edges.
    const insideGroups = lonLinks.filter(
      (l) => plan.groupOf.get(l.a) !== undefined && plan.groupOf.get(l.a) === plan.groupOf.get(l.b),
    );
    expect(model.edges.reduce((s, e) => s + e.links, 0)).toBe(
      lonLinks.length - insideGroups.length,
    );
  });

  it('makes text XML can hold: control characters dropped, line breaks made spaces', () => {
    expect(exportText('a\u0001b\n  c\td')).toBe('ab c d');
  });
});

describe('draw.io', () => {
  const doc = parse(toDrawio(lonModel));
  const cells: Xml[] = doc.mxfile.diagram.mxGraphModel.root.mxCell;

  it('is one diagram of vertices and edges: every device and link of the site', () => {
    expect(doc.mxfile.diagram.name).toBe(`${lon1.name} (site view)`);
    const vertices = cells.filter((c) => c.vertex === '1');
    const edges = cells.filter((c) => c.edge === '1');
    expect(vertices).toHaveLength(lonDevices.length);
    expect(edges).toHaveLength(lonLinks.length);
    const ids = new Set(cells.map((c) => c.id));
    for (const e of edges) expect(ids.has(e.source) && ids.has(e.target)).toBe(true);
  });

  it('puts each vertex where the canvas does: geometry centre = canvas position', () => {
    for (const c of cells.filter((c) => c.vertex === '1')) {
      const g = c.mxGeometry;
      const at = positionOf.get(String(c.id).slice(2))!;
      expect(Number(g.x) + Number(g.width) / 2).toBeCloseTo(at.x, 1);
      expect(Number(g.y) + Number(g.height) / 2).toBeCloseTo(at.y, 1);
      expect(c.style).toMatch(/vmmiRole=\w+;vmmiTier=\w+;/);
    }
  });

  it('escapes names: the label reads back exactly, line break made a space', () => {
    const cells2: Xml[] = parse(toDrawio(awkwardModel())).mxfile.diagram.mxGraphModel.root.mxCell;
    const leaf = cells2.find((c) => c.id === 'n:leaf-a')!;
    expect(leaf.value).toBe(`leaf <a> & "b" 'c' next`);
  });
});

describe('GraphML', () => {
  const doc = parse(toGraphml(lonModel));
  const graph = doc.graphml.graph;
  const dataOf = (el: Xml) =>
    Object.fromEntries((el.data as Xml[]).map((d) => [d.key, String(d['#text'] ?? '')]));

  it('declares its keys and is undirected, with every device and link', () => {
    const keys = (doc.graphml.key as Xml[]).map((k) => `${k.for}:${k['attr.name']}`);
    expect(keys).toEqual(
      expect.arrayContaining([
        'node:label',
        'node:role',
        'node:tier',
        'node:site',
        'node:x',
        'node:y',
      ]),
    );
    expect(graph.edgedefault).toBe('undirected');
    expect(graph.node).toHaveLength(lonDevices.length);
    expect(graph.edge).toHaveLength(lonLinks.length);
  });

  it('carries positions, roles, tiers and capacities', () => {
    const device = new Map(lonDevices.map((d) => [d.id, d]));
    for (const n of graph.node as Xml[]) {
      const data = dataOf(n);
      const at = positionOf.get(n.id)!;
      expect(Number(data.x)).toBeCloseTo(at.x, 1);
      expect(Number(data.y)).toBeCloseTo(at.y, 1);
      expect(data.role).toBe(device.get(n.id)!.role);
      expect(data.site).toBe('lon1');
    }
    const link = new Map(lonLinks.map((l) => [l.id, l]));
    for (const e of graph.edge as Xml[]) {
      const l = link.get(e.id)!;
      expect([e.source, e.target]).toEqual([l.a, l.b]);
      expect(Number(dataOf(e).capacity)).toBe(l.capacityGbps);
    }
  });

  it('escapes names and the graph id', () => {
    const g = parse(toGraphml(awkwardModel())).graphml.graph;
    expect(g.id).toBe('Lab <1> & "co"');
    const leaf = (g.node as Xml[]).find((n) => n.id === 'leaf-a')!;
    expect(dataOf(leaf).label).toBe(`leaf <a> & "b" 'c' next`);
  });
});

describe('SVG', () => {
  const doc = parse(toSvg(lonModel, PALETTES.dark));
  const layers: Xml[] = doc.svg.g;

  it('is a standalone SVG drawing a shape and a label per device and a line per link', () => {
    expect(doc.svg.xmlns).toBe('http://www.w3.org/2000/svg');
    expect(doc.svg.viewBox.split(' ')).toHaveLength(4);
    const nodes: Xml[] = layers.find((g) => g.class === 'nodes')!.g;
    const lines: Xml[] = layers.find((g) => g.class === 'edges')!.line;
    expect(nodes).toHaveLength(lonDevices.length);
    expect(lines).toHaveLength(lonLinks.length);
    for (const n of nodes) {
      expect(n.rect ?? n.polygon).toBeDefined();
      expect(n.text['#text']).toBe(lonDevices.find((d) => d.id === n['data-id'])!.name);
    }
  });

  it('draws each node at its canvas position, inside the view box', () => {
    const [x, y, w, h] = doc.svg.viewBox.split(' ').map(Number);
    const nodes: Xml[] = layers.find((g) => g.class === 'nodes')!.g;
    for (const n of nodes) {
      const at = positionOf.get(n['data-id'])!;
      expect(Number(n.text.x)).toBeCloseTo(at.x, 1);
      expect(at.x).toBeGreaterThan(x);
      expect(at.x).toBeLessThan(x + w);
      expect(at.y).toBeGreaterThan(y);
      expect(at.y).toBeLessThan(y + h);
    }
  });

  it('escapes names', () => {
    const svg = parse(toSvg(awkwardModel(), PALETTES.light)).svg;
    const nodes: Xml[] = (svg.g as Xml[]).find((g) => g.class === 'nodes')!.g;
    const leaf = nodes.find((n) => n['data-id'] === 'leaf-a')!;
    expect(leaf.text['#text']).toBe(`leaf <a> & "b" 'c' next`);
    expect(svg.title).toBe('Lab <1> & "co"');
  });
});

describe('file names', () => {
  it('name the estate, view and site, with the format as extension', () => {
    expect(exportFileName('demo', 'site', 'lon1', 'drawio')).toBe('vmmi-demo-site-lon1.drawio');
    expect(exportFileName('demo', 'global', null, 'graphml')).toBe('vmmi-demo-global.graphml');
    expect(pngFileName('demo', 'site', 'lon1')).toBe('vmmi-demo-site-lon1.png');
  });
});
