/**
 * The links of a containerlab file as pairs of node interfaces. Short
 * (`["a:e1-1", "b:e1-1"]`) and extended veth links become pairs; the other link
 * types, and short links to the lab host or the management network, join a node
 * to something outside the lab graph: they are reported and left out.
 */
import { ClabOtherLinkSchema, ClabShortLinkSchema, ClabVethLinkSchema } from './clab-document.ts';
import { SPECIAL_ENDPOINT_NODES } from './kinds.ts';
import type { ClabReport } from './report.ts';

export interface ClabEndpoint {
  node: string;
  interface: string;
}

export interface ClabLinkPair {
  /** Where it was in the file, e.g. `links[3]`. */
  object: string;
  a: ClabEndpoint;
  b: ClabEndpoint;
}

/** "node:iface" → its parts; the interface may itself hold colons or slashes (`sros:1/1/c1/1`). */
function splitShortEndpoint(text: string): ClabEndpoint | undefined {
  const colon = text.indexOf(':');
  if (colon <= 0 || colon === text.length - 1) return undefined;
  return { node: text.slice(0, colon), interface: text.slice(colon + 1) };
}

function pairOf(
  object: string,
  ends: ClabEndpoint[],
  report: ClabReport,
): ClabLinkPair | undefined {
  if (ends.length !== 2) {
    report.error(object, `a link has two endpoints, this one has ${ends.length}`);
    return undefined;
  }
  for (const end of ends) {
    const special = SPECIAL_ENDPOINT_NODES[end.node];
    if (special) {
      report.warning(object, `${special} (${end.node}:${end.interface}): left out`);
      return undefined;
    }
  }
  return { object, a: ends[0]!, b: ends[1]! };
}

export function readLinks(links: readonly unknown[], report: ClabReport): ClabLinkPair[] {
  const pairs: ClabLinkPair[] = [];
  links.forEach((raw, i) => {
    const object = `links[${i}]`;
    const short = ClabShortLinkSchema.safeParse(raw);
    if (short.success) {
      const ends: ClabEndpoint[] = [];
      for (const text of short.data.endpoints) {
        const end = splitShortEndpoint(text);
        if (!end) return report.error(object, `endpoint "${text}" is not "node:interface"`);
        ends.push(end);
      }
      const pair = pairOf(object, ends, report);
      if (pair) pairs.push(pair);
      return;
    }
    const veth = ClabVethLinkSchema.safeParse(raw);
    if (veth.success) {
      const pair = pairOf(object, veth.data.endpoints, report);
      if (pair) pairs.push(pair);
      return;
    }
    const other = ClabOtherLinkSchema.safeParse(raw);
    if (other.success && other.data.type !== 'veth') {
      report.warning(
        object,
        `a ${other.data.type} link joins a node to something outside the lab graph: left out`,
      );
      return;
    }
    report.error(
      object,
      'not a link: expected endpoints ["node:iface", "node:iface"] or {type: veth, endpoints: [{node, interface}, {node, interface}]}',
    );
  });
  return pairs;
}
