/** What only a real socket shows: requests Node refuses before Fastify, and bodies without a length. */
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listenOnLoopback } from '../listen.ts';
import { expectNoInternals, startApp, type EdgeApp } from './edge-helpers.ts';

/** Sends raw bytes and reads until the server closes the connection (or ends its answer). */
function rawExchange(port: number, request: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(request));
    let text = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      text += chunk;
      // Keep-alive answers stay open: stop once the whole body (by its Content-Length) is in.
      const [head = '', body] = text.split('\r\n\r\n', 2);
      const length = /content-length:\s*(\d+)/i.exec(head)?.[1];
      if (body !== undefined && length !== undefined && Buffer.byteLength(body) >= Number(length))
        socket.end();
    });
    socket.on('end', () => resolve(text));
    socket.on('close', () => resolve(text));
    socket.on('error', reject);
  });
}

const statusOf = (response: string) => Number(/^HTTP\/1\.1 (\d{3})/.exec(response)?.[1]);

describe('the edge on a real socket', () => {
  let edge: EdgeApp;
  let port: number;
  beforeAll(async () => {
    edge = await startApp({ edge: { bodyLimit: 4096 } });
    port = Number(new URL(await listenOnLoopback(edge.app)).port);
  });
  afterAll(() => edge.close());

  it('answers TRACK (unknown to Node’s parser) with 405 and an Allow header', async () => {
    const res = await rawExchange(port, 'TRACK / HTTP/1.1\r\nHost: localhost\r\n\r\n');
    expect(statusOf(res)).toBe(405);
    expect(res).toMatch(/\r\nAllow: GET, HEAD, POST, OPTIONS\r\n/);
    expect(res).toContain('"code":"METHOD_NOT_SUPPORTED"');
  });

  it('answers CONNECT (never routed by Node) with 405 instead of dropping the socket', async () => {
    const res = await rawExchange(
      port,
      'CONNECT example.org:443 HTTP/1.1\r\nHost: example.org:443\r\n\r\n',
    );
    expect(statusOf(res)).toBe(405);
    expect(res).toMatch(/\r\nAllow: GET, HEAD, POST, OPTIONS\r\n/);
  });

  it('answers TRACE on the tRPC route with 405, not 500', async () => {
    const res = await fetch(`http://127.0.0.1:${port}/api/health`, { method: 'GET' });
    expect(res.status).toBe(200);
    const trace = await rawExchange(
      port,
      'TRACE /trpc/estate.list HTTP/1.1\r\nHost: localhost\r\n\r\n',
    );
    expect(statusOf(trace)).toBe(405);
  });

  it('cuts off a chunked body at the limit with 413', async () => {
    const chunk = 'x'.repeat(3000);
    const chunked = `${chunk.length.toString(16)}\r\n${chunk}\r\n`;
    const res = await rawExchange(
      port,
      'POST /trpc/plans.accept HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n' +
        `Transfer-Encoding: chunked\r\n\r\n${chunked}${chunked}0\r\n\r\n`,
    );
    expect(statusOf(res)).toBe(413);
    expect(res).toContain('"code":"PAYLOAD_TOO_LARGE"');
    expectNoInternals(res);
  });

  it('answers a malformed request line with 400 in the edge’s shape', async () => {
    const res = await rawExchange(port, 'GET /\0 HTTP/1.1\r\nHost: localhost\r\n\r\n');
    expect(statusOf(res)).toBe(400);
    expectNoInternals(res);
  });
});
