// A server that shuts down does not end its event streams as finished: clients reconnect and resume.
import { buildDemoEstate } from '@vmmi/shared';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.ts';
import { createApi } from '../../src/cli/client.ts';
import { callerWithToken } from '../auth/credentials.ts';
import { openMemoryDb } from '../backends.ts';
import { createEstateRepo } from '../../src/db/estate-repo.ts';

describe('event streams when the server shuts down', () => {
  it('end with a retryable error, so the EventSource reconnects, rather than as complete', async () => {
    const db = await openMemoryDb();
    await createEstateRepo(db.kysely).put(buildDemoEstate());
    const app = await buildApp({ database: db, execution: { tickMs: 10, leaseMs: 2_000 } });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = app.server.address() as { port: number };
    const { secret } = await callerWithToken(db, 'viewer');
    const api = createApi(
      { server: `http://127.0.0.1:${port}` },
      { ...process.env, VMMI_TOKEN: secret },
    );

    let completed = false;
    const errors: (string | undefined)[] = [];
    let opened: () => void;
    const open = new Promise<void>((resolve) => (opened = resolve));
    const sub = api.migrations.events.subscribe(
      {},
      {
        onData: () => opened(),
        onComplete: () => (completed = true),
        onConnectionStateChange: (state) => {
          if (state.state === 'connecting' && state.error) errors.push(state.error.data?.code);
        },
      },
    );
    try {
      await open;
      await app.close();
      for (let i = 0; i < 250 && errors.length === 0 && !completed; i++)
        await new Promise((r) => setTimeout(r, 20));
      expect(completed).toBe(false);
      expect(errors[0]).toBe('SERVICE_UNAVAILABLE');
    } finally {
      sub.unsubscribe();
      await db.close();
    }
  });
});
