import { crc32 } from 'node:zlib';
import { concatBytes } from '../bytes';

// application/vnd.amazon.eventstream framing (PROTOCOLS §5.3): messages arrive split across
// and packed into network chunks. Bytes are buffered until a whole message (total_length from
// its prelude) is there, then both CRCs are checked and the headers read.
//
// Our own reader rather than @smithy/eventstream-codec: smithy's JS CRC32 and its header parser
// (an object and an Int64 per header) were a sixth of a Gemini → Bedrock stream's CPU; workerd's
// node:zlib crc32 is native, and only string headers are kept.

export type EventStreamMessage = {
  /** String headers by name (shared by messages with the same header block: read only). */
  headers: ReadonlyMap<string, string>;
  body: Uint8Array;
};

const PRELUDE = 12;
const MESSAGE_CRC = 4;

/** Header value types (§5.3) and the size of each fixed-width value; 6 and 7 carry a u16 length. */
const FIXED_SIZE: Record<number, number> = { 0: 0, 1: 0, 2: 1, 3: 2, 4: 4, 5: 8, 8: 8, 9: 16 };
const BYTE_ARRAY = 6;
const STRING = 7;

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

export class EventStreamSplitter {
  /** Bytes of a frame not yet complete, kept from the chunks before. */
  private buffer: Uint8Array = new Uint8Array(0);
  /** The last header block read and its headers: a stream repeats the same few blocks. */
  private lastBlock = new Uint8Array(0);
  private lastHeaders = new Map<string, string>();

  /** Whole messages completed by `chunk`; throws on a corrupt frame. */
  push(chunk: Uint8Array): EventStreamMessage[] {
    const bytes = this.buffer.length ? concatBytes([this.buffer, chunk]) : chunk;
    const messages: EventStreamMessage[] = [];
    // Frames are read where they lie (an offset, not a view per frame): a chunk holds dozens.
    let at = 0;
    while (bytes.length - at >= PRELUDE) {
      const total = uint32(bytes, at);
      if (total < PRELUDE + MESSAGE_CRC)
        throw new Error(
          `event stream frame declares ${total} bytes, fewer than the 16-byte minimum`,
        );
      if (crc32(bytes.subarray(at, at + 8)) !== uint32(bytes, at + 8))
        throw new Error('event stream prelude checksum mismatch');
      if (bytes.length - at < total) break;
      messages.push(this.decodeMessage(bytes, at, at + total, uint32(bytes, at + 4)));
      at += total;
    }
    // The caller reuses `chunk`'s buffer: a part frame left in it is copied out.
    if (at === bytes.length) this.buffer = new Uint8Array(0);
    else this.buffer = bytes.buffer === chunk.buffer ? bytes.slice(at) : bytes.subarray(at);
    return messages;
  }

  /** Bytes left over when the body ended: a frame cut off mid-way. */
  get pending(): number {
    return this.buffer.length;
  }

  /** The frame at `bytes[start, end)`, whose prelude checked out. */
  private decodeMessage(
    bytes: Uint8Array,
    start: number,
    end: number,
    headersLength: number,
  ): EventStreamMessage {
    const crcAt = end - MESSAGE_CRC;
    if (crc32(bytes.subarray(start, crcAt)) !== uint32(bytes, crcAt))
      throw new Error('event stream message checksum mismatch');
    const blockStart = start + PRELUDE;
    const bodyStart = blockStart + headersLength;
    if (bodyStart > crcAt)
      throw new Error(`event stream headers (${headersLength} bytes) overrun their frame`);
    if (!sameBytes(bytes, blockStart, bodyStart, this.lastBlock)) {
      this.lastBlock = bytes.slice(blockStart, bodyStart);
      this.lastHeaders = readHeaders(this.lastBlock);
    }
    return { headers: this.lastHeaders, body: bytes.subarray(bodyStart, crcAt) };
  }
}

const uint32 = (bytes: Uint8Array, at: number) =>
  ((bytes[at] << 24) | (bytes[at + 1] << 16) | (bytes[at + 2] << 8) | bytes[at + 3]) >>> 0;

/** Whether `bytes[from, to)` holds what `other` does. */
function sameBytes(bytes: Uint8Array, from: number, to: number, other: Uint8Array): boolean {
  if (to - from !== other.length) return false;
  for (let i = 0; i < other.length; i++) if (bytes[from + i] !== other[i]) return false;
  return true;
}

/** A header block: string headers kept, the other value types checked and skipped. */
function readHeaders(block: Uint8Array): Map<string, string> {
  const view = new DataView(block.buffer, block.byteOffset, block.length);
  const headers = new Map<string, string>();
  let at = 0;
  while (at < block.length) {
    const nameEnd = at + 1 + block[at];
    const name = utf8.decode(block.subarray(at + 1, nameEnd));
    const type = block[nameEnd];
    at = nameEnd + 1;
    if (type === STRING || type === BYTE_ARRAY) {
      const valueEnd = at + 2 + view.getUint16(at);
      if (type === STRING) headers.set(name, utf8.decode(block.subarray(at + 2, valueEnd)));
      at = valueEnd;
    } else if (type in FIXED_SIZE) {
      at += FIXED_SIZE[type];
    } else {
      throw new Error(`event stream header '${name}' has unknown value type ${type}`);
    }
  }
  if (at !== block.length) throw new Error('event stream headers overrun their declared length');
  return headers;
}
