/**
 * The limits an estate file is parsed under (docs/security.md, "Imports"): a file that
 * passes them is parsed in bounded time and memory, one that does not is refused with
 * the limit it broke named, before it costs more than the limit allows.
 */

/** Which limit a refused import broke. */
export type ImportLimit = 'size' | 'depth' | 'nodes' | 'time' | 'memory' | 'busy';

/** What the parse itself checks (the CLI applies these too); time and memory are the pool's. */
export interface DocumentLimits {
  /** UTF-8 bytes of the text: the server's body limit, so a text the body admits is not refused twice. */
  maxBytes: number;
  /** Nesting of objects and arrays (an estate file needs about 8). */
  maxDepth: number;
  /**
   * Values in the document (objects, arrays, scalars) after YAML aliases are expanded,
   * so a document that is small on the wire but huge once expanded is refused. A 50 MB
   * estate of 180,000 VMs holds about 3 million.
   */
  maxNodes: number;
  /** The yaml library's own bound on alias expansion (its `maxAliasCount`; 100 is its default). */
  maxAliasCount: number;
}

/** What the parser pool adds: how long one parse may take and how much heap its worker may hold. */
export interface ImportLimits extends DocumentLimits {
  /** Past this, the worker is terminated and a fresh one serves the next import. */
  timeoutMs: number;
  /** The worker's old-generation heap (Worker resourceLimits.maxOldGenerationSizeMb). */
  memoryMb: number;
  /** Imports parsed at once; the machine's other work keeps the rest of its cores. */
  concurrency: number;
  /** Imports waiting for a turn; past this the server answers busy (retry later). */
  queueLength: number;
}

export const IMPORT_LIMITS: ImportLimits = {
  maxBytes: 64 * 1024 * 1024,
  maxDepth: 64,
  maxNodes: 5_000_000,
  maxAliasCount: 100,
  // A 50 MB estate is parsed and stored in ~11 s on an idle 2-core machine; its parse alone took
  // over 30 s at a load average of 10.
  timeoutMs: 60_000,
  memoryMb: 1024,
  concurrency: 1,
  queueLength: 4,
};

/** An import refused by one of the limits; `limit` says which. */
export class ImportLimitError extends Error {
  constructor(
    readonly limit: ImportLimit,
    /** What was over the limit, by how much. */
    readonly detail: string,
  ) {
    super(`import refused (limit: ${limit}): ${detail}`);
    this.name = 'ImportLimitError';
  }
}

export const tooBig = (bytes: number, max: number) =>
  new ImportLimitError('size', `the file is ${bytes} bytes, more than the ${max} allowed`);

export const tooDeep = (max: number) =>
  new ImportLimitError('depth', `objects and arrays nest deeper than ${max} levels`);

export const tooManyNodes = (max: number, why = '') =>
  new ImportLimitError('nodes', `the document holds more than ${max} values${why}`);
