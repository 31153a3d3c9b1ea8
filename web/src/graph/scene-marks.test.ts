import { describe, expect, it } from 'vitest';
import { hasMarks, MarkSet, markedWith, NO_MARKS } from './scene-marks.ts';

describe('MarkSet: one kind per element, the one that matters most', () => {
  it('makes a hop on the old and the new path a kept hop, and a trombone win over both', () => {
    const m = new MarkSet();
    m.path('e1', 'before');
    m.path('e1', 'after');
    m.path('e2', 'after');
    m.path('e2', 'after');
    m.path('e3', 'after');
    m.path('e3', 'trombone');
    m.path('e3', 'before');
    const marks = m.done();
    expect(marks.paths.get('e1')).toBe('both');
    expect(marks.paths.get('e2')).toBe('after');
    expect(marks.paths.get('e3')).toBe('trombone');
  });

  it('gives a node the most urgent ring whatever the order it came in', () => {
    const forwards = new MarkSet();
    const backwards = new MarkSet();
    const kinds = ['on-path', 'tunnel-end', 'source', 'target'] as const;
    for (const k of kinds) forwards.ring('h', k);
    for (const k of [...kinds].reverse()) backwards.ring('h', k);
    expect(forwards.done().rings.get('h')).toBe('target');
    expect(backwards.done().rings.get('h')).toBe('target');
    const refused = new MarkSet();
    refused.ring('h', 'illegal');
    refused.ring('h', 'blocked-target');
    expect(refused.done().rings.get('h')).toBe('illegal');
  });

  it('keeps a tunnel once, and says which ids carry a kind', () => {
    const m = new MarkSet();
    const t = { id: 't', from: 'a', to: 'b', kind: 'vxlan', change: 'created' } as const;
    m.tunnel(t);
    m.tunnel(t);
    m.ring('a', 'tunnel-end');
    m.ring('b', 'tunnel-end');
    const marks = m.done();
    expect(marks.tunnels).toHaveLength(1);
    expect(markedWith(marks, 'tunnel-end')).toEqual(['a', 'b']);
    expect(hasMarks(marks)).toBe(true);
    expect(hasMarks(NO_MARKS)).toBe(false);
  });
});
