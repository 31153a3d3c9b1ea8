/** An uploaded file's bytes, read as they arrive, refused once past the size limit. */
import { ImportLimitError } from './limits.ts';

/** The stream's chunks, at most maxBytes in all; past that the upload is cancelled and refused. */
export async function readUpload(
  stream: ReadableStream<Uint8Array>,
  maxBytes: number,
): Promise<Uint8Array[]> {
  const chunks: Uint8Array[] = [];
  let bytes = 0;
  const reader = stream.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return chunks;
    bytes += value.byteLength;
    if (bytes > maxBytes) {
      await reader.cancel();
      throw new ImportLimitError('size', `the upload passed the ${maxBytes} bytes allowed`);
    }
    chunks.push(value);
  }
}
