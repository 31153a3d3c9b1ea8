/**
 * `pnpm bench`: speed figures for the engine (not a test; nothing here asserts).
 * Prints wall time and heap growth per case, and each case's ratio against a
 * baseline measured in the same process (building the demo estate).
 */
import { buildDemoEstate } from '../src/demo/demo-estate.ts';
import { parseEstate } from '../src/model/estate-file.ts';
import { buildSingleSiteEstate } from '../src/topology/multi-site.ts';
import { previewAb } from './preview-ab.ts';
import { previewFigures } from './preview.ts';
import { rebalanceFigures } from './rebalance.ts';
import { routingFigures } from './routing.ts';

interface Figure {
  name: string;
  ms: number;
  heapMiB: number;
}

function measure(name: string, fn: () => unknown, runs = 3): Figure {
  let best = Infinity;
  let heap = 0;
  for (let i = 0; i < runs; i++) {
    const before = process.memoryUsage().heapUsed;
    const t0 = performance.now();
    const result = fn();
    const ms = performance.now() - t0;
    heap = Math.max(heap, (process.memoryUsage().heapUsed - before) / 2 ** 20);
    if (result === undefined) throw new Error(`${name} returned nothing`);
    best = Math.min(best, ms);
  }
  return { name, ms: best, heapMiB: heap };
}

const fatTree48 = buildSingleSiteEstate('fat-tree', { k: 48 });
const demoDoc: unknown = JSON.parse(JSON.stringify(buildDemoEstate()));
const k48Doc: unknown = JSON.parse(JSON.stringify(fatTree48));

const baseline = measure('build demo estate (baseline)', buildDemoEstate);
const figures = [
  baseline,
  measure('validate demo estate', () => parseEstate(demoDoc)),
  measure('generate fat-tree k=48', () => buildSingleSiteEstate('fat-tree', { k: 48 })),
  measure('validate fat-tree k=48', () => parseEstate(k48Doc), 2),
  measure('generate BCube(8,3)', () => buildSingleSiteEstate('bcube', { n: 8, k: 3 })),
];

console.log(`node ${process.version}, ${process.platform}/${process.arch}`);
console.log(
  'case'.padEnd(34),
  'best ms'.padStart(10),
  'x baseline'.padStart(11),
  'heap MiB'.padStart(10),
);
for (const f of figures)
  console.log(
    f.name.padEnd(34),
    f.ms.toFixed(1).padStart(10),
    (f.ms / baseline.ms).toFixed(2).padStart(11),
    f.heapMiB.toFixed(1).padStart(10),
  );

// Routing targets: k=48 build <= 1 s, link-failure update <= 50 ms.
console.log(
  '\nrouting'.padEnd(35),
  'ms'.padStart(10),
  'x baseline'.padStart(11),
  'heap MiB'.padStart(10),
);
for (const f of routingFigures())
  console.log(
    f.name.padEnd(34),
    f.ms.toFixed(f.ms < 10 ? 2 : 1).padStart(10),
    (f.ms / baseline.ms).toFixed(2).padStart(11),
    (f.heapMiB === undefined ? '' : f.heapMiB.toFixed(1)).padStart(10),
  );

// Preview: 4 × fat-tree k=32, 100,000 VMs, 300,000 flows; targets median <= 5 ms, p99 <= 20 ms.
const p = previewFigures();
console.log(
  `\npreview on ${p.vms.toLocaleString('en')} VMs and ${p.flows.toLocaleString('en')} flows (1,000 random single-VM moves)`,
);
console.log(
  '  engine build'.padEnd(35),
  p.buildMs.toFixed(0).padStart(10),
  (p.buildMs / baseline.ms).toFixed(2).padStart(11),
  p.heapMiB.toFixed(1).padStart(10),
);
for (const [name, ms] of [
  ['  preview median', p.medianMs],
  ['  preview p99', p.p99Ms],
  ['  preview max', p.maxMs],
] as const)
  console.log(
    name.padEnd(35),
    ms.toFixed(2).padStart(10),
    (ms / baseline.ms).toFixed(2).padStart(11),
  );

// The same moves on the baseline build of the engine, interleaved in this process (preview-ab.ts).
if (process.env.BENCH_BASE !== 'none') {
  try {
    const ab = await previewAb();
    console.log(
      `\npreview against ${ab.base} (same estate and moves, interleaved; ${ab.rounds} rounds of ${ab.moves.toLocaleString('en')} pooled)`,
    );
    console.log(
      '',
      ''.padEnd(33),
      'this ms'.padStart(10),
      'base ms'.padStart(10),
      'x base'.padStart(8),
    );
    for (const [name, key] of [
      ['  preview median', 'medianMs'],
      ['  preview p99', 'p99Ms'],
      ['  preview max', 'maxMs'],
    ] as const)
      console.log(
        name.padEnd(35),
        ab.current[key].toFixed(2).padStart(9),
        ab.baseline[key].toFixed(2).padStart(10),
        (ab.current[key] / ab.baseline[key]).toFixed(2).padStart(8),
      );
  } catch (err) {
    console.log(
      `\npreview against the baseline build: skipped (${(err as Error).message.split('\n')[0]})`,
    );
  }
}

// Rebalancing (R16): each objective's advice, 20 moves asked for; the engine's build apart.
for (const r of rebalanceFigures()) {
  console.log(`\nrebalance on ${r.estate} (${r.vms.toLocaleString('en')} VMs, 20 moves asked)`);
  console.log(
    '  engine build'.padEnd(35),
    r.buildMs.toFixed(0).padStart(10),
    (r.buildMs / baseline.ms).toFixed(2).padStart(11),
  );
  for (const a of r.advice)
    console.log(
      `  ${a.objective}`.padEnd(35),
      a.ms.toFixed(a.ms < 100 ? 1 : 0).padStart(10),
      (a.ms / baseline.ms).toFixed(2).padStart(11),
      '',
      `${a.moves} moves; ${a.figure}`,
    );
}
