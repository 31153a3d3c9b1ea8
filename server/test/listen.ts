/** Starts a test server on loopback, on a port the system picks (port 0), and gives its base URL. */
import type { FastifyInstance } from 'fastify';

export async function listenOnLoopback(app: FastifyInstance): Promise<string> {
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  if (!address || typeof address !== 'object') throw new Error('no address');
  return `http://127.0.0.1:${address.port}`;
}
