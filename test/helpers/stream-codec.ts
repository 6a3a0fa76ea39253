import type { StreamEvent } from '../../src/formats/canonical';
import type { StreamDecoder, StreamEncoder } from '../../src/formats/stream-codec';

// Driving synchronous stream codecs the way the pipeline does, with arbitrary network chunking.

/** Feeds `text` to the decoder in `size`-byte pieces (frames straddle pieces). */
export function decodeInPieces(decoder: StreamDecoder, text: string, size: number): StreamEvent[] {
  const bytes = new TextEncoder().encode(text);
  const events: StreamEvent[] = [];
  for (let i = 0; i < bytes.length; i += size)
    events.push(...decoder.push(bytes.subarray(i, i + size)));
  return [...events, ...decoder.end()];
}

/** Upstream text → caller text through a decoder and an encoder. */
export function translateText(
  text: string,
  decoder: StreamDecoder,
  encoder: StreamEncoder,
  size = 11,
): string {
  return (
    decodeInPieces(decoder, text, size)
      .map((e) => encoder.event(e))
      .join('') + encoder.end()
  );
}
