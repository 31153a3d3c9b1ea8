/**
 * The picture as GraphML: an undirected graph whose nodes carry their label,
 * role, tier, site and canvas position (x, y, with y growing downwards), and
 * whose edges carry their capacity and the number of links they stand for.
 * Gephi reads x and y as positions; yEd reads the data and can map it to
 * labels and positions (Edit › Properties Mapper); networkx and igraph read it all.
 */
import type { ExportModel } from './export-model.ts';
import { num, xmlDocument } from './xml.ts';

const KEYS = [
  { id: 'label', for: 'node', name: 'label', type: 'string' },
  { id: 'role', for: 'node', name: 'role', type: 'string' },
  { id: 'tier', for: 'node', name: 'tier', type: 'string' },
  { id: 'site', for: 'node', name: 'site', type: 'string' },
  { id: 'x', for: 'node', name: 'x', type: 'double' },
  { id: 'y', for: 'node', name: 'y', type: 'double' },
  { id: 'capacity', for: 'edge', name: 'capacityGbps', type: 'double' },
  { id: 'links', for: 'edge', name: 'links', type: 'int' },
] as const;

const data = (key: string, value: string) => ({ '@_key': key, '#text': value });

export function toGraphml(model: ExportModel): string {
  return xmlDocument({
    graphml: {
      '@_xmlns': 'http://graphml.graphdrawing.org/xmlns',
      key: KEYS.map((k) => ({
        '@_id': k.id,
        '@_for': k.for,
        '@_attr.name': k.name,
        '@_attr.type': k.type,
      })),
      graph: {
        '@_id': model.title || 'vmmi',
        '@_edgedefault': 'undirected',
        node: model.nodes.map((n) => ({
          '@_id': n.id,
          data: [
            data('label', n.label),
            data('role', n.role),
            data('tier', n.tier),
            data('site', n.site),
            data('x', num(n.x)),
            data('y', num(n.y)),
          ],
        })),
        edge: model.edges.map((e) => ({
          '@_id': e.id,
          '@_source': e.source,
          '@_target': e.target,
          data: [data('capacity', num(e.capacityGbps)), data('links', String(e.links))],
        })),
      },
    },
  });
}
