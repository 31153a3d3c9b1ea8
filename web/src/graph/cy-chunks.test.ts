import type { ElementDefinition } from 'cytoscape';
import { describe, expect, it } from 'vitest';
import { planChunks, progressText, PROGRESS_STARTING } from './cy-chunks.ts';

const node = (id: string): ElementDefinition => ({ group: 'nodes', data: { id } });
const edge = (id: string, source: string, target: string): ElementDefinition => ({
  group: 'edges',
  data: { id, source, target },
});

describe('planChunks', () => {
  it('adds a small addition at once, nodes first', () => {
    const additions = [edge('e1', 'a', 'b'), node('a'), node('b')];
    expect(planChunks(additions, { atOnceMax: 3 }).map((c) => c.map((d) => d.data.id))).toEqual([
      ['a', 'b', 'e1'],
    ]);
  });

  it('slices a large addition so that every edge comes after both of its ends', () => {
    // 10 nodes and 9 edges between neighbours, given edges first: 19 elements in slices of 4
    // are 5 slices (4 + 4 + 4 + 4 + 3), the 10 nodes filling the first two and a half.
    const nodes = Array.from({ length: 10 }, (_, i) => node(`n${i}`));
    const edges = Array.from({ length: 9 }, (_, i) => edge(`e${i}`, `n${i}`, `n${i + 1}`));
    const chunks = planChunks([...edges, ...nodes], { size: 4, atOnceMax: 5 });
    expect(chunks.map((c) => c.length)).toEqual([4, 4, 4, 4, 3]);
    const seen = new Set<string>();
    for (const chunk of chunks)
      for (const d of chunk) {
        if (d.group === 'edges') {
          expect(seen.has(String(d.data.source))).toBe(true);
          expect(seen.has(String(d.data.target))).toBe(true);
        }
        seen.add(String(d.data.id));
      }
    expect(seen.size).toBe(19);
  });

  it('plans nothing for nothing', () => {
    expect(planChunks([])).toEqual([]);
  });

  it('slices an unfolded fat-tree k=32 into frames of 1,500 elements', () => {
    // 9,472 devices and 24,576 links (docs/performance.md) plus the 2 row captions: 34,050
    // elements, 22 full slices of 1,500 and one of 1,050.
    const nodes = Array.from({ length: 9_474 }, (_, i) => node(`d${i}`));
    const edges = Array.from({ length: 24_576 }, (_, i) => edge(`l${i}`, 'd0', 'd1'));
    const chunks = planChunks([...nodes, ...edges]);
    expect(chunks).toHaveLength(23);
    expect(chunks.at(-1)).toHaveLength(1_050);
  });
});

describe('progressText', () => {
  it('says how far, in percent (rounded down) and in elements', () => {
    expect(progressText({ added: 1_500, total: 34_050 })).toBe(
      'Drawing 4 % (1,500 of 34,050 elements)…',
    );
    expect(progressText({ added: 0, total: 0 })).toBe('Drawing 100 % (0 of 0 elements)…');
    expect(progressText(PROGRESS_STARTING)).toBe('Drawing…');
  });
});
