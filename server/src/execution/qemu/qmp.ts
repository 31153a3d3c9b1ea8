/**
 * A QMP client over QEMU's Unix socket: the greeting and capability
 * negotiation, commands correlated with their replies by `id`, QMP errors as
 * `QmpError`, asynchronous events to listeners. The typed helpers cover what a
 * live migration needs; their argument and reply names are QEMU's own
 * (kebab-case), so they read as QEMU's documentation does
 * (qapi/migration.json, qapi/run-state.json).
 */
import { createConnection, type Socket } from 'node:net';
import { z } from 'zod';
import {
  eventSchema,
  migrationInfoSchema,
  statusInfoSchema,
  type MigrationCapability,
  type MigrationInfo,
  type MigrationParameters,
  type QmpEvent,
  type StatusInfo,
} from './qmp-schema.ts';

export * from './qmp-schema.ts';

/** QEMU refused a command: `errorClass` is QMP's `class` (e.g. `CommandNotFound`, `GenericError`). */
export class QmpError extends Error {
  override readonly name = 'QmpError';
  constructor(
    readonly command: string,
    readonly errorClass: string,
    readonly desc: string,
  ) {
    super(`QMP ${command}: ${errorClass}: ${desc}`);
  }
}

/** The connection ended before a command had its reply (QEMU exited, or the client was closed). */
export class QmpClosedError extends Error {
  override readonly name = 'QmpClosedError';
}

/** QEMU sent something that is not QMP as this client knows it. */
export class QmpProtocolError extends Error {
  override readonly name = 'QmpProtocolError';
}

const greetingSchema = z.object({
  QMP: z.object({
    version: z.object({
      qemu: z.object({ major: z.number(), minor: z.number(), micro: z.number() }),
      package: z.string(),
    }),
    capabilities: z.array(z.string()),
  }),
});
export type QmpGreeting = z.infer<typeof greetingSchema>['QMP'];

// The error shape first: `return: z.unknown()` would also accept a message without `return`.
const replySchema = z.union([
  z.object({
    id: z.number().optional(),
    error: z.object({ class: z.string(), desc: z.string() }),
  }),
  z.object({ id: z.number(), return: z.unknown() }),
]);

interface Pending {
  command: string;
  resolve(value: unknown): void;
  reject(error: Error): void;
}

export class QmpClient {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly listeners = new Set<(event: QmpEvent) => void>();
  private buffer = '';
  private closeError: Error | undefined;
  private greetingWaiter: ((line: string) => void) | undefined;
  /** Settles when the socket has closed, for whatever reason. */
  readonly closed: Promise<void>;
  greeting: QmpGreeting | undefined;

  private constructor(private readonly socket: Socket) {
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => this.onData(chunk));
    // 'close' always follows 'error'; the error only explains it.
    socket.on('error', (err) => (this.closeError ??= err));
    this.closed = new Promise((resolve) => socket.once('close', () => resolve()));
    void this.closed.then(() => {
      const why = this.closeError?.message ?? 'the QMP connection closed';
      this.failPending(new QmpClosedError(why));
    });
  }

  /**
   * Connects to a QMP socket, reads the greeting and leaves negotiation mode
   * (`qmp_capabilities`), after which commands are accepted. Fails at once if
   * nothing listens there (the caller decides whether to retry).
   */
  static async connect(path: string): Promise<QmpClient> {
    const socket = await new Promise<Socket>((resolve, reject) => {
      const s = createConnection(path);
      s.once('connect', () => {
        s.off('error', reject);
        resolve(s);
      });
      s.once('error', reject);
    });
    const client = new QmpClient(socket);
    try {
      const line = await client.nextLine();
      const greeting = greetingSchema.safeParse(JSON.parse(line));
      if (!greeting.success) throw new QmpProtocolError(`not a QMP greeting: ${line}`);
      client.greeting = greeting.data.QMP;
      await client.execute('qmp_capabilities');
      return client;
    } catch (err) {
      socket.destroy();
      throw err;
    }
  }

  /** Runs a command and resolves with its `return` value, or rejects with `QmpError`. */
  execute(command: string, args?: Record<string, unknown>): Promise<unknown> {
    if (this.socket.destroyed || this.closeError) {
      return Promise.reject(new QmpClosedError(`QMP ${command}: the connection is closed`));
    }
    const id = this.nextId++;
    const message =
      args === undefined ? { execute: command, id } : { execute: command, arguments: args, id };
    return new Promise((resolve, reject) => {
      this.pending.set(id, { command, resolve, reject });
      this.socket.write(`${JSON.stringify(message)}\n`);
    });
  }

  /** Calls `listener` with every event from now on; returns the unsubscribe function. */
  onEvent(listener: (event: QmpEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Ends the connection (QEMU keeps running); commands still waiting are rejected. */
  async close(): Promise<void> {
    this.socket.end();
    // A peer that never answers the FIN must not hold the caller up.
    const timer = setTimeout(() => this.socket.destroy(), 1_000);
    await this.closed;
    clearTimeout(timer);
  }

  // --- typed helpers ---------------------------------------------------------

  async migrateSetCapabilities(
    capabilities: Partial<Record<MigrationCapability, boolean>>,
  ): Promise<void> {
    const list = Object.entries(capabilities).map(([capability, state]) => ({ capability, state }));
    await this.execute('migrate-set-capabilities', { capabilities: list });
  }

  async migrateSetParameters(parameters: MigrationParameters): Promise<void> {
    await this.execute('migrate-set-parameters', { ...parameters });
  }

  /** Starts an outgoing migration; it runs in the background (watch it with `queryMigrate`). */
  async migrate(uri: string): Promise<void> {
    await this.execute('migrate', { uri });
  }

  /** Makes a QEMU started with `-incoming defer` listen for a migration on `uri`. */
  async migrateIncoming(uri: string): Promise<void> {
    await this.execute('migrate-incoming', { uri });
  }

  async queryMigrate(): Promise<MigrationInfo> {
    return this.parsed('query-migrate', migrationInfoSchema);
  }

  async migrateCancel(): Promise<void> {
    await this.execute('migrate_cancel');
  }

  /** Switches a running pre-copy to post-copy (needs the `postcopy-ram` capability on both sides). */
  async migrateStartPostcopy(): Promise<void> {
    await this.execute('migrate-start-postcopy');
  }

  async queryStatus(): Promise<StatusInfo> {
    return this.parsed('query-status', statusInfoSchema);
  }

  /** Asks QEMU to exit; resolves once it has answered or dropped the connection. */
  async quit(): Promise<void> {
    try {
      await this.execute('quit');
    } catch (err) {
      // QEMU may close the socket before its reply reaches us: that is the quit succeeding.
      if (!(err instanceof QmpClosedError)) throw err;
    }
  }

  // --- internals -------------------------------------------------------------

  private async parsed<T>(command: string, schema: z.ZodType<T>): Promise<T> {
    const value = await this.execute(command);
    const result = schema.safeParse(value);
    if (!result.success) {
      throw new QmpProtocolError(`QMP ${command}: unexpected reply: ${result.error.message}`);
    }
    return result.data;
  }

  private nextLine(): Promise<string> {
    return new Promise((resolve, reject) => {
      this.greetingWaiter = resolve;
      void this.closed.then(() =>
        reject(new QmpClosedError('the QMP connection closed before its greeting')),
      );
      this.drain();
    });
  }

  private onData(chunk: string): void {
    this.buffer += chunk;
    this.drain();
  }

  private drain(): void {
    let nl: number;
    while ((nl = this.buffer.indexOf('\n')) >= 0) {
      const line = this.buffer.slice(0, nl).trim();
      this.buffer = this.buffer.slice(nl + 1);
      if (!line) continue;
      if (this.greetingWaiter) {
        const waiter = this.greetingWaiter;
        this.greetingWaiter = undefined;
        waiter(line);
        continue;
      }
      this.onMessage(line);
    }
  }

  private onMessage(line: string): void {
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch {
      return this.protocolFailure(`not JSON: ${line}`);
    }
    const event = eventSchema.safeParse(json);
    if (event.success) {
      for (const listener of [...this.listeners]) listener(event.data);
      return;
    }
    const reply = replySchema.safeParse(json);
    if (!reply.success) return this.protocolFailure(`unexpected message: ${line}`);
    const msg = reply.data;
    // Every command carries an id; an error without one answers a message QEMU could not read.
    if (msg.id === undefined) return this.protocolFailure(`error without an id: ${line}`);
    const pending = this.pending.get(msg.id);
    if (!pending) return this.protocolFailure(`reply to an unknown id: ${line}`);
    this.pending.delete(msg.id);
    if ('error' in msg) {
      pending.reject(new QmpError(pending.command, msg.error.class, msg.error.desc));
    } else {
      pending.resolve(msg.return);
    }
  }

  /** Replies can no longer be matched to commands once the stream is not understood: give up on it. */
  private protocolFailure(why: string): void {
    this.closeError = new QmpProtocolError(why);
    this.failPending(this.closeError);
    this.socket.destroy();
  }

  private failPending(error: Error): void {
    const pending = [...this.pending.values()];
    this.pending.clear();
    for (const p of pending) {
      p.reject(
        error instanceof QmpClosedError
          ? new QmpClosedError(`QMP ${p.command}: ${error.message}`)
          : error,
      );
    }
  }
}
