/** What only a real socket shows: requests Node refuses before Fastify, and bodies without a length. */
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeEstateInput } from '../fixtures.ts';
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
    edge = await startApp({ edge: { bodyLimit: 4096, importBodyLimit: 16_384 } });
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

  /** An upload of `chunks` to estate.importFile without a length (chunked), as a client streams a file. */
  const upload = (chunks: string[], path = 'estate.importFile') =>
    rawExchange(
      port,
      `POST /trpc/${path} HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/octet-stream\r\n` +
        `Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n` +
        chunks.map((c) => `${Buffer.byteLength(c).toString(16)}\r\n${c}\r\n`).join('') +
        '0\r\n\r\n',
    );

  it('stores a file streamed to estate.importFile without a length', async () => {
    const text = JSON.stringify(makeEstateInput());
    const res = await upload([text.slice(0, 100), text.slice(100)]);
    expect(statusOf(res)).toBe(200);
    expect(res).toContain('"id":"test-estate"');
  });

  it('cuts off a streamed upload past the import body limit with 413, and serves on', async () => {
    const res = await upload(Array.from({ length: 5 }, () => ' '.repeat(4000)));
    expect(statusOf(res)).toBe(413);
    expect(res).toContain('"code":"PAYLOAD_TOO_LARGE"');
    expectNoInternals(res);
    expect((await fetch(`http://127.0.0.1:${port}/api/health`)).status).toBe(200);
  });

  it('refuses bytes sent to a procedure other than estate.importFile with 415, unread', async () => {
    for (const path of ['plans.accept', 'estate.importFile,estate.importFile']) {
      const res = await upload(['{}'], path);
      expect(statusOf(res)).toBe(415);
      expectNoInternals(res);
    }
  });

  it('answers a malformed request line with 400 in the edge’s shape', async () => {
    const res = await rawExchange(port, 'GET /\0 HTTP/1.1\r\nHost: localhost\r\n\r\n');
    expect(statusOf(res)).toBe(400);
    expectNoInternals(res);
  });
});
