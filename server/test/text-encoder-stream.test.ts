/**
 * The server's TextEncoderStream (the SSE frames' encoder)
 * writes the same bytes as the platform's, however the text is cut into chunks.
 */
import { describe, expect, it } from 'vitest';
import { ChunkTextEncoderStream } from '../src/text-encoder-stream.ts';

const Native = globalThis.TextEncoderStream;

async function encodeWith(
  stream: TransformStream<string, Uint8Array>,
  chunks: string[],
): Promise<number[]> {
  const writer = stream.writable.getWriter();
  const out: number[] = [];
  const reading = (async () => {
    const reader = stream.readable.getReader();
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      out.push(...value);
    }
  })();
  for (const c of chunks) await writer.write(c);
  await writer.close();
  await reading;
  return out;
}

/** A tiny deterministic generator (mulberry32), so a failure can be replayed. */
function random(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Lone and paired surrogates, ASCII, two- and three-byte characters, an astral pair.
const PIECES = ['a', 'Z', '\n', 'é', '€', '日', '\ud83d', '\ude00', '😀', '\udbff', '\udc00', ''];

describe('ChunkTextEncoderStream', () => {
  it('encodes like TextEncoderStream for surrogate pairs cut between chunks', async () => {
    const cases = [
      ['\ud83d', '\ude00'],
      ['a\ud83d', '\ude00b'],
      ['\ud83d', '', '\ude00'],
      ['\ud83d', 'x'],
      ['\ud83d'],
      ['\ude00', '\ud83d'],
      ['data: {"e":"😀"}\n', 'id: 7\n', '\n\n'],
    ];
    for (const chunks of cases)
      expect(
        await encodeWith(new ChunkTextEncoderStream(), chunks),
        JSON.stringify(chunks),
      ).toEqual(await encodeWith(new Native(), chunks));
  });

  it('encodes like TextEncoderStream for 500 random texts cut at random places', async () => {
    const next = random(20261128);
    for (let n = 0; n < 500; n++) {
      const chunks = Array.from({ length: 1 + Math.floor(next() * 6) }, () =>
        Array.from(
          { length: Math.floor(next() * 5) },
          () => PIECES[Math.floor(next() * PIECES.length)],
        ).join(''),
      );
      expect(
        await encodeWith(new ChunkTextEncoderStream(), chunks),
        JSON.stringify(chunks),
      ).toEqual(await encodeWith(new Native(), chunks));
    }
  });

  it('makes one chunk of bytes per chunk of text', async () => {
    const stream = new ChunkTextEncoderStream();
    const writer = stream.writable.getWriter();
    const reader = stream.readable.getReader();
    void writer.write('data: {"events":[]}\n');
    expect(new TextDecoder().decode((await reader.read()).value)).toBe('data: {"events":[]}\n');
    expect(stream.encoding).toBe('utf-8');
  });
});
