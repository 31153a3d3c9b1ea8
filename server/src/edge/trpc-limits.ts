/**
 * Limits on tRPC calls, checked before the body is read or a procedure runs:
 * procedures per batch, whole-estate reads per batch (so a batch answers at
 * most one estate, as an unbatched call does), and the body size per procedure
 * (big only for the imports). OWASP ASVS 5.0, V2.4 (anti-automation, resource limits).
 */
import { Transform, type TransformCallback } from 'node:stream';
import type { FastifyReply, FastifyRequest, RequestPayload } from 'fastify';
import type { EdgeConfig } from './config.ts';
import { sendError } from './public-errors.ts';

/** Reads whose answer is a whole estate (or a site of it): megabytes each on a big estate. */
export const WHOLE_ESTATE_READS: ReadonlySet<string> = new Set([
  'estate.get',
  'estate.getPacked',
  'estate.export',
  'estate.exportClab',
]);

/** The procedures whose input is an estate file. */
export const IMPORT_PROCEDURES: ReadonlySet<string> = new Set([
  'estate.import',
  'estate.importFile',
  'estate.importClab',
]);

/** The procedure that takes a file's bytes as its body (`application/octet-stream`), unbatched. */
export const UPLOAD_PROCEDURE = 'estate.importFile';

/**
 * Whether the request is an upload to UPLOAD_PROCEDURE. Its body goes to tRPC as the
 * request stream itself, which tRPC counts against its own limit as it reads (the
 * trpc plugin's maxBodySize, the import body limit): tRPC reads a body stream only
 * when it is the request itself, not one wrapped for counting.
 */
export function isUpload(req: FastifyRequest, prefix: string): boolean {
  const procedures = proceduresOf(req.url, prefix);
  return (
    procedures?.length === 1 &&
    procedures[0] === UPLOAD_PROCEDURE &&
    req.headers['content-type']?.split(';', 1)[0]?.trim().toLowerCase() ===
      'application/octet-stream'
  );
}

/** The procedure names of a call to `${prefix}/a,b,c?…`; null for any other path. */
export function proceduresOf(url: string, prefix: string): string[] | null {
  const path = url.split('?', 1)[0] ?? '';
  if (!path.startsWith(`${prefix}/`)) return null;
  let names: string;
  try {
    names = decodeURIComponent(path.slice(prefix.length + 1));
  } catch {
    return [];
  }
  return names.split(',');
}

function wholeEstateReads(procedures: readonly string[]): number {
  return procedures.filter((p) => WHOLE_ESTATE_READS.has(p)).length;
}

/** An onRequest hook refusing batches over the limits with 400, before tRPC parses anything. */
export function batchLimit(prefix: string, maxBatch: number) {
  return (req: FastifyRequest, reply: FastifyReply, done: () => void) => {
    const procedures = proceduresOf(req.url, prefix);
    if (procedures && procedures.length > maxBatch) {
      void sendError(
        req,
        reply,
        400,
        `a batch may hold at most ${maxBatch} procedure calls (TRPC_MAX_BATCH); this one has ${procedures.length}`,
      );
      return;
    }
    if (procedures && wholeEstateReads(procedures) > 1) {
      void sendError(
        req,
        reply,
        400,
        `a batch may hold one whole-estate read (${[...WHOLE_ESTATE_READS].join(', ')}); send the others separately`,
      );
      return;
    }
    done();
  };
}

/** The body limit of a call: the import limit when it calls an import, the small one otherwise. */
export function bodyLimitOf(url: string, prefix: string, limits: EdgeConfig): number {
  const procedures = proceduresOf(url, prefix) ?? [];
  return procedures.some((p) => IMPORT_PROCEDURES.has(p))
    ? limits.importBodyLimit
    : limits.bodyLimit;
}

class PayloadTooLarge extends Error {
  readonly statusCode = 413;
  readonly code = 'FST_ERR_CTP_BODY_TOO_LARGE';
  constructor(limit: number) {
    super(`the request body is larger than this procedure takes (${limit} bytes)`);
    this.name = 'PayloadTooLarge';
  }
}

/** Passes a body through, failing with 413 as soon as it passes `limit` (a body sent without Content-Length). */
class CountingStream extends Transform {
  receivedEncodedLength = 0;
  constructor(private readonly limit: number) {
    super();
  }
  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback) {
    this.receivedEncodedLength += chunk.length;
    if (this.receivedEncodedLength > this.limit) callback(new PayloadTooLarge(this.limit));
    else callback(null, chunk);
  }
}

/**
 * A preParsing hook: refuses a declared Content-Length over the limit at once, and counts
 * the rest (an upload is counted by tRPC: isUpload).
 */
export function bodyLimit(prefix: string, limits: EdgeConfig) {
  return (
    req: FastifyRequest,
    _reply: FastifyReply,
    payload: RequestPayload,
    done: (err: Error | null, stream?: RequestPayload) => void,
  ) => {
    const limit = bodyLimitOf(req.url, prefix, limits);
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > limit) {
      done(new PayloadTooLarge(limit));
      return;
    }
    done(null, isUpload(req, prefix) ? payload : payload.pipe(new CountingStream(limit)));
  };
}
