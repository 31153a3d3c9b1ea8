/**
 * An upload's body for tRPC. tRPC's Fastify adapter streams a body only when it is an
 * `IncomingMessage` (anything else it JSON-stringifies). A request from a socket is one;
 * one injected in-process (Fastify's `inject`, in tests and tools) is a plain Readable,
 * re-fed here into a fresh IncomingMessage with backpressure.
 */
import { IncomingMessage } from 'node:http';
import type { Readable } from 'node:stream';

export function asIncomingMessage(payload: Readable): IncomingMessage {
  if (payload instanceof IncomingMessage) return payload;
  // No socket: an IncomingMessage destroyed before it is complete destroys its socket.
  const message = new IncomingMessage(null as never);
  message._read = () => void payload.resume();
  payload.on('data', (chunk: Buffer) => {
    if (!message.push(chunk)) payload.pause();
  });
  const end = () => {
    message.complete = true;
    message.push(null);
  };
  payload.once('end', end);
  // tRPC listens for data and end only: a failed body ends, and the parse refuses what came.
  payload.once('error', end);
  return message;
}
