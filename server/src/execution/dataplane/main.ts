/**
 * `pnpm --filter @vmmi/server check:dataplane [--fault stale-fdb] [--json]`:
 * runs the data-plane check on the small estate (estate.ts) and prints the
 * table, or the record as JSON. Exits 1 when the check fails. Root only.
 */
import { parseArgs } from 'node:util';
import { runDataplaneCheck } from './check.ts';
import { SMALL_ESTATE_MOVE, smallDataplaneEstate } from './estate.ts';
import { formatDataplaneCheck } from './result.ts';

const { values } = parseArgs({
  options: {
    fault: { type: 'string' },
    json: { type: 'boolean', default: false },
    interval: { type: 'string' },
  },
});
if (values.fault !== undefined && values.fault !== 'stale-fdb') {
  console.error(`unknown fault ${values.fault} (known: stale-fdb)`);
  process.exit(2);
}
// Node leaves on Ctrl-C without its 'exit' hooks, which delete the namespaces: leave through them.
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => process.exit(130));
const result = await runDataplaneCheck({
  estate: smallDataplaneEstate(),
  ...SMALL_ESTATE_MOVE,
  ...(values.fault ? { fault: 'stale-fdb' as const } : {}),
  ...(values.interval ? { intervalMs: Number(values.interval) } : {}),
  log: (line) => console.error(`… ${line}`),
});
console.log(values.json ? JSON.stringify(result, null, 2) : formatDataplaneCheck(result));
process.exitCode = result.verdict.pass ? 0 : 1;
