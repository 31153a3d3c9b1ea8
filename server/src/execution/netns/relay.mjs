// The WAN's propagation delay, jitter and loss, applied in user space to the
// VXLAN datagrams that cross the middle namespace (wan-link.ts says why not
// netem). Run by relay.ts inside that namespace:
//   node relay.mjs <underlay address of A> <of B> <VXLAN port> <config JSON>
// It prints "ready" once bound; each JSON line on stdin merges into the
// config and is answered with "ok <config JSON>" (an empty object just asks).
// It exits when stdin closes, so it never outlives the process that owns it.
import dgram from 'node:dgram';
import { performance } from 'node:perf_hooks';
import readline from 'node:readline';

const [addrA, addrB, portText, configText] = process.argv.slice(2);
const port = Number(portText);
let config = { latencyMs: 0, jitterMs: 0, lossPercent: 0, ...JSON.parse(configText ?? '{}') };
// A bound on what is held back, as netem's limit: beyond it the link drops.
const MAX_HELD_BYTES = 256 * 2 ** 20;

/** One direction: datagrams waiting for their due time, in arrival order. */
function lane(to) {
  return { to, queue: [], head: 0, heldBytes: 0, lastDue: 0 };
}
const lanes = new Map([
  [addrA, lane(addrB)],
  [addrB, lane(addrA)],
]);

const socket = dgram.createSocket({
  type: 'udp4',
  recvBufferSize: 8 * 2 ** 20,
  sendBufferSize: 8 * 2 ** 20,
});
let timer = null;
let timerDue = Infinity;

function schedule(due) {
  if (due >= timerDue) return;
  if (timer) clearTimeout(timer);
  timerDue = due;
  timer = setTimeout(flush, Math.max(0, Math.ceil(due - performance.now())));
}

// Timers may fire up to a millisecond early: a datagram leaves only once its due time has
// really passed, so the configured delay is a lower bound.
function flush() {
  timer = null;
  timerDue = Infinity;
  const now = performance.now();
  for (const l of lanes.values()) {
    while (l.head < l.queue.length && l.queue[l.head].due <= now) {
      const { msg } = l.queue[l.head];
      l.queue[l.head++] = undefined;
      l.heldBytes -= msg.length;
      socket.send(msg, port, l.to);
    }
    if (l.head > 4096 && l.head * 2 > l.queue.length) {
      l.queue = l.queue.slice(l.head);
      l.head = 0;
    }
    if (l.head < l.queue.length) schedule(l.queue[l.head].due);
  }
}

socket.on('message', (msg, from) => {
  const l = lanes.get(from.address);
  if (!l) return;
  if (config.lossPercent > 0 && Math.random() * 100 < config.lossPercent) return;
  if (l.heldBytes + msg.length > MAX_HELD_BYTES) return;
  const jitter = config.jitterMs > 0 ? (Math.random() * 2 - 1) * config.jitterMs : 0;
  // Never before an earlier datagram: jitter varies the delay without reordering, which TCP
  // would take for loss.
  const due = Math.max(performance.now() + Math.max(0, config.latencyMs + jitter), l.lastDue);
  l.lastDue = due;
  if (due <= performance.now() && l.head === l.queue.length) return socket.send(msg, port, l.to);
  l.queue.push({ due, msg });
  l.heldBytes += msg.length;
  schedule(due);
});

socket.on('error', (error) => {
  process.stderr.write(`relay: ${error.message}\n`);
  process.exit(1);
});

socket.bind(port, '0.0.0.0', () => {
  readline.createInterface({ input: process.stdin }).on('line', (line) => {
    const change = JSON.parse(line);
    for (const key of ['latencyMs', 'jitterMs', 'lossPercent'])
      if (typeof change[key] === 'number') config = { ...config, [key]: change[key] };
    process.stdout.write(`ok ${JSON.stringify(config)}\n`);
  });
  process.stdin.on('end', () => process.exit(0));
  process.stdout.write('ready\n');
});
