// TCP ends for the WAN link tests, run inside a namespace with `node tcp-tool.mjs <mode> ...`:
//   sink <host> <port>           accept one connection, count its bytes, answer with the count
//   echo <host> <port>           accept one connection, send back what it sends
//   send <host> <port> <bytes>   send that many bytes to a sink; print {bytes, seconds}
//   rtt <host> <port> <count>    time the handshake and `count` one-byte echoes; print {connectMs, rttMs}
// The listeners print "listening" once they accept connections.
import net from 'node:net';
import { performance } from 'node:perf_hooks';

const [mode, host, portText, nText] = process.argv.slice(2);
const port = Number(portText);
const n = Number(nText);

function listen(onSocket) {
  const server = net.createServer((socket) => {
    server.close();
    onSocket(socket);
  });
  server.listen(port, host, () => process.stdout.write('listening\n'));
}

if (mode === 'sink') {
  listen((socket) => {
    let bytes = 0;
    socket.on('data', (chunk) => (bytes += chunk.length));
    socket.on('end', () => socket.end(`${bytes}\n`));
  });
} else if (mode === 'echo') {
  listen((socket) => {
    socket.setNoDelay(true);
    socket.pipe(socket);
  });
} else if (mode === 'send') {
  const started = performance.now();
  const socket = net.connect(port, host, async () => {
    const t0 = performance.now();
    const chunk = Buffer.alloc(64 * 1024, 0x5a);
    for (let left = n; left > 0; left -= chunk.length) {
      const piece = left >= chunk.length ? chunk : chunk.subarray(0, left);
      if (!socket.write(piece)) await new Promise((resolve) => socket.once('drain', resolve));
    }
    socket.end();
    let reply = '';
    socket.on('data', (d) => (reply += d));
    socket.on('end', () => {
      const seconds = (performance.now() - t0) / 1000;
      const connectMs = t0 - started;
      console.log(JSON.stringify({ bytes: n, received: Number(reply), seconds, connectMs }));
    });
  });
} else if (mode === 'rtt') {
  const started = performance.now();
  const socket = net.connect(port, host, async () => {
    const connectMs = performance.now() - started;
    socket.setNoDelay(true);
    const rttMs = [];
    for (let i = 0; i < n; i++) {
      const t = performance.now();
      socket.write('x');
      await new Promise((resolve) => socket.once('data', resolve));
      rttMs.push(performance.now() - t);
    }
    socket.end();
    console.log(JSON.stringify({ connectMs, rttMs }));
  });
} else {
  console.error(`unknown mode ${mode}`);
  process.exit(2);
}
