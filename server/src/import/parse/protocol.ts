/** What the parser pool and its workers say to each other (structured-cloned over postMessage). */
import type { ClabImportResult, EstateIssue } from '@vmmi/shared';
import type { ComputedDigest } from '../../audit/estate-digest.ts';
import type { ImportLimit } from './limits.ts';

export type ParseTask =
  /** An estate file's text, JSON or YAML. */
  | { kind: 'text'; text: string }
  /** A document decoded already (estate.import's `estate` form). */
  | { kind: 'document'; doc: unknown }
  /** A containerlab topology's YAML. */
  | { kind: 'clab'; yaml: string }
  /** An estate file's bytes as uploaded (UTF-8, JSON or YAML). */
  | { kind: 'file'; chunks: Uint8Array[] };

/**
 * A valid estate comes back as the JSON the database stores (what estates.put would
 * write), in UTF-8: its buffer is transferred, not copied, and the database driver sends
 * bytes as they are. A 50 MB object graph cloned back would stall the event loop for seconds.
 */
export interface SerializedEstate {
  id: string;
  name: string;
  /** JSON.stringify of the validated estate, UTF-8. */
  utf8: Uint8Array;
  /** For the audit log, hashed in the worker too; its version is the database's to give. */
  digest: ComputedDigest;
}

export type EstateOutcome =
  { ok: true; estate: SerializedEstate } | { ok: false; issues: EstateIssue[] };

export type ParseReply = (
  | { kind: 'estate'; outcome: EstateOutcome }
  | { kind: 'clab'; result: ClabImportResult }
  | { kind: 'refused'; limit: ImportLimit; detail: string }
) & {
  /** The worker's heap after the task, bytes: the pool retires a worker that grew big. */
  heapUsed: number;
};
