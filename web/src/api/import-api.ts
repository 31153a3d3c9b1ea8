/**
 * Bringing an estate in from outside (R21): an estate file, a NetBox, or a
 * containerlab topology. An interface, so the dialog can be driven by a fake;
 * every failure comes back as an outcome in words, never as a thrown error.
 */
import type { MappedRole } from '@vmmi/shared';
import type { TrpcClient } from './trpc.ts';
import { attempt, type Outcome } from './execution-api.ts';

export type NetboxImport = Awaited<ReturnType<TrpcClient['estate']['importNetbox']['mutate']>>;
export type ClabImport = Awaited<ReturnType<TrpcClient['estate']['importClab']['mutate']>>;
export type StoredEstateRef = { id: string; version: number };
export type EstateSource = NonNullable<Awaited<ReturnType<TrpcClient['sources']['get']['query']>>>;

export interface NetboxImportInput {
  url: string;
  token: string;
  /** NetBox device-role slug → our role, or 'skip'. */
  roleMap?: Record<string, MappedRole>;
  dryRun: boolean;
}

export interface ImportApi {
  /** An estate file's text (JSON or YAML), stored as it is or refused whole. */
  importFile(text: string): Promise<Outcome<StoredEstateRef>>;
  netbox(input: NetboxImportInput): Promise<Outcome<NetboxImport>>;
  /** Reads a containerlab topology into an estate (not stored: `store` does that). */
  clab(yaml: string): Promise<Outcome<ClabImport>>;
  store(estate: unknown): Promise<Outcome<StoredEstateRef>>;
  /** Where the estate came from (null: not from NetBox), and whether moves are written back. */
  source(estateId: string): Promise<Outcome<EstateSource | null>>;
  setWriteBack(estateId: string, enabled: boolean): Promise<Outcome<unknown>>;
}

export function createImportApi(client: TrpcClient): ImportApi {
  return {
    importFile: (text) => attempt(() => client.estate.import.mutate({ text })),
    netbox: (input) => attempt(() => client.estate.importNetbox.mutate(input)),
    clab: (yaml) => attempt(() => client.estate.importClab.mutate({ yaml })),
    store: (estate) => attempt(() => client.estate.import.mutate({ estate })),
    source: (estateId) => attempt(() => client.sources.get.query({ estateId })),
    setWriteBack: (estateId, enabled) =>
      attempt(() => client.sources.setWriteBack.mutate({ estateId, enabled })),
  };
}
