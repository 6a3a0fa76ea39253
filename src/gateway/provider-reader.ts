import type { StreamHooks } from './stream-pipeline';

// Reading a provider's body. workerd hands a default reader 4 KiB chunks, and every read (and
// enqueue) costs more than the bytes in it, so byte streams are read BYOB in pieces as large as
// are ready, up to 64 KiB. The read buffers come from a pool: a fresh 64 KiB buffer per read cost
// more than a short stream's whole translation.

const SMALLEST_READ = 4096;
const LARGEST_READ = 65536;
/** Spare buffers kept per size; more in flight at once are allocated and then dropped. */
const SPARES_PER_SIZE = 16;

/** Spare read buffers by byte length (powers of two from SMALLEST_READ to LARGEST_READ). */
const spares = new Map<number, ArrayBuffer[]>();

const sizeClass = (bytes: number) =>
  Math.min(LARGEST_READ, Math.max(SMALLEST_READ, 2 ** Math.ceil(Math.log2(bytes))));

function takeBuffer(size: number): ArrayBuffer {
  return spares.get(size)?.pop() ?? new ArrayBuffer(size);
}

function giveBack(buffer: ArrayBufferLike): void {
  if (!(buffer instanceof ArrayBuffer)) return;
  let list = spares.get(buffer.byteLength);
  if (!list) spares.set(buffer.byteLength, (list = []));
  if (list.length < SPARES_PER_SIZE) list.push(buffer);
}

export interface ProviderReader {
  reader: ReadableStreamBYOBReader | ReadableStreamDefaultReader<Uint8Array>;
  /** The next chunk. Tells `hooks.firstByte` when the first chunk (or the end) arrives. */
  read(): Promise<ReadableStreamReadResult<Uint8Array>>;
  /** `chunk`'s buffer may be read into again: nothing holds on to its bytes any more. */
  release(chunk: Uint8Array): void;
}

/**
 * The first read takes up to 64 KiB (whatever arrived with the headers goes out at once); after
 * it, each read's buffer is the power of two at or above twice the last read's bytes, so a token
 * stream waits on 4 KiB buffers, not 64 KiB ones.
 */
export function providerReader(
  body: ReadableStream<Uint8Array>,
  hooks: StreamHooks,
): ProviderReader {
  let byob: ReadableStreamBYOBReader | undefined;
  let reader: ProviderReader['reader'];
  try {
    reader = byob = body.getReader({ mode: 'byob' });
  } catch {
    reader = body.getReader(); // not a byte stream (a stream built in JS)
  }
  let size = LARGEST_READ;
  let seen = false;
  return {
    reader,
    async read() {
      const chunk = byob
        ? await byob.read(new Uint8Array(takeBuffer(size)))
        : await (reader as ReadableStreamDefaultReader<Uint8Array>).read();
      if (!seen) {
        seen = true;
        hooks.firstByte?.();
      }
      // At the end a BYOB read hands back its buffer in an empty view.
      const value = chunk.value as Uint8Array | undefined;
      if (chunk.done) {
        if (value) giveBack(value.buffer);
      } else if (value) size = sizeClass(value.byteLength * 2);
      return chunk;
    },
    release(chunk) {
      if (byob) giveBack(chunk.buffer);
    },
  };
}
