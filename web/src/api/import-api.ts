/**
 * Bringing an estate in from outside (R21): an estate file, a NetBox, or a
 * containerlab topology. An interface, so the dialog can be driven by a fake;
 * every failure comes back as an outcome in words, never as a thrown error.
 */
import type { TrpcClient } from './trpc.ts';
import { attempt, failureOf, type Outcome } from './execution-api.ts';

export type NetboxImport = Awaited<ReturnType<TrpcClient['estate']['importNetbox']['mutate']>>;
export type ClabImport = Awaited<ReturnType<TrpcClient['estate']['importClab']['mutate']>>;
export type StoredEstateRef = { id: string; version: number };
export type EstateSource = NonNullable<Awaited<ReturnType<TrpcClient['sources']['get']['query']>>>;

/** What `estate.importNetbox` takes: URL, token, role map, dry run, and a progress id (a UUID). */
export type NetboxImportInput = Parameters<TrpcClient['estate']['importNetbox']['mutate']>[0];

/** One page read from NetBox: `endpoint` (dcim/devices…), records so far, and its count. */
export interface ImportProgressEvent {
  endpoint: string;
  fetched: number;
  count: number;
  done: boolean;
}

export interface ImportApi {
  /**
   * An estate file's text (JSON or YAML), stored as it is or refused whole. Sent as bytes
   * (`estate.importFile`): the server decodes it in its parser worker, not on its event loop.
   */
  importFile(text: string): Promise<Outcome<StoredEstateRef>>;
  netbox(input: NetboxImportInput): Promise<Outcome<NetboxImport>>;
  /** Reads a containerlab topology into an estate (not stored: `store` does that). */
  clab(yaml: string): Promise<Outcome<ClabImport>>;
  store(estate: unknown): Promise<Outcome<StoredEstateRef>>;
  /** Where the estate came from (null: not from NetBox), and whether moves are written back. */
  source(estateId: string): Promise<Outcome<EstateSource | null>>;
  /** Calls `onProgress` for each page of the import given `progressId`; returns the function that stops it. */
  followProgress(progressId: string, onProgress: (p: ImportProgressEvent) => void): () => void;
  setWriteBack(estateId: string, enabled: boolean): Promise<Outcome<unknown>>;
}

/** A refused estate's message with its issues (`path: message`), as the server listed them. */
async function storing(call: () => Promise<StoredEstateRef>): Promise<Outcome<StoredEstateRef>> {
  try {
    return { ok: true, value: await call() };
  } catch (err) {
    const failed = failureOf(err);
    const issues = (err as { data?: { issues?: { path: string; message: string }[] | null } }).data
      ?.issues;
    if (!issues?.length) return failed;
    const listed = issues.slice(0, 20).map((i) => `${i.path || '(document)'}: ${i.message}`);
    const more = issues.length > 20 ? [`… and ${issues.length - 20} more`] : [];
    return { ...failed, message: [failed.message, ...listed, ...more].join('\n') };
  }
}

export function createImportApi(client: TrpcClient): ImportApi {
  return {
    importFile: (text) => storing(() => client.estate.importFile.mutate(new Blob([text]))),
    netbox: (input) => attempt(() => client.estate.importNetbox.mutate(input)),
    clab: (yaml) => attempt(() => client.estate.importClab.mutate({ yaml })),
    store: (estate) => storing(() => client.estate.import.mutate({ estate })),
    source: (estateId) => attempt(() => client.sources.get.query({ estateId })),
    followProgress(progressId, onProgress) {
      const sub = client.estate.importProgress.subscribe(
        { progressId },
        { onData: onProgress, onError: () => undefined },
      );
      return () => sub.unsubscribe();
    },
    setWriteBack: (estateId, enabled) =>
      attempt(() => client.sources.setWriteBack.mutate({ estateId, enabled })),
  };
}
