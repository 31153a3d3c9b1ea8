/**
 * A process that makes a WAN link and never destroys it, for the cleanup
 * tests: `exit` ends the process normally, `hang` waits to be killed.
 */
import { createWanLink } from '../../../src/execution/netns/wan-link.ts';

const link = await createWanLink({
  name: 'orphan',
  latencyMs: 1,
  bandwidthBytesPerSecond: 2 ** 20,
});
console.log(JSON.stringify({ nsA: link.nsA, nsB: link.nsB }));
if (process.argv[2] === 'exit') process.exit(0);
setInterval(() => undefined, 60_000);
