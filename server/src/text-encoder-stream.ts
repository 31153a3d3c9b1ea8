/**
 * A TextEncoderStream that encodes each chunk in one call. Node 20's own
 * walks every chunk a character at a time, concatenating one-character
 * strings, and then encodes the rope that makes: tRPC's SSE and JSONL
 * responses pass every frame through it, and at 1,000 frames a second it took
 * 9 % of the server's thread (bench:stream, docs/performance.md).
 *
 * Same output as the standard's "encode and enqueue a chunk": TextEncoder
 * already turns a lone surrogate into U+FFFD, so the only thing a chunk
 * carries over to the next is a high surrogate at its very end, which may pair
 * with the next chunk's first character.
 */
const REPLACEMENT = new Uint8Array([0xef, 0xbf, 0xbd]);

const isHighSurrogate = (code: number) => code >= 0xd800 && code <= 0xdbff;

export class ChunkTextEncoderStream extends TransformStream<string, Uint8Array> {
  readonly encoding = 'utf-8';

  constructor() {
    const encoder = new TextEncoder();
    let pending = '';
    super({
      transform(chunk, controller) {
        let text = pending + String(chunk);
        pending = '';
        if (isHighSurrogate(text.charCodeAt(text.length - 1))) {
          pending = text.slice(-1);
          text = text.slice(0, -1);
        }
        if (text) controller.enqueue(encoder.encode(text));
      },
      flush(controller) {
        if (pending) controller.enqueue(REPLACEMENT.slice());
      },
    });
  }
}

/** Makes the process's TextEncoderStream (the global tRPC's responses use) this one. */
export function installChunkTextEncoderStream(): void {
  globalThis.TextEncoderStream = ChunkTextEncoderStream as unknown as typeof TextEncoderStream;
}
