import { crc32 } from 'node:zlib';

// application/vnd.amazon.eventstream framing (PROTOCOLS §5.3): messages arrive split across
// and packed into network chunks. Bytes are buffered until a whole message (total_length from
// its prelude) is there, then both CRCs are checked and the headers read.
//
// Our own reader rather than @smithy/eventstream-codec: smithy's JS CRC32 and its header parser
// (an object and an Int64 per header) were a sixth of a Gemini → Bedrock stream's CPU; workerd's
// node:zlib crc32 is native, and only string headers are kept.

export type EventStreamMessage = {
  /** String headers by name; the other value types are checked and skipped. */
  headers: Map<string, string>;
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
  private buffer: Uint8Array = new Uint8Array(0);

  /** Whole messages completed by `chunk`; throws on a corrupt frame. */
  push(chunk: Uint8Array): EventStreamMessage[] {
    this.buffer = this.buffer.length ? concat(this.buffer, chunk) : chunk;
    const messages: EventStreamMessage[] = [];
    while (this.buffer.length >= PRELUDE) {
      const view = new DataView(this.buffer.buffer, this.buffer.byteOffset, PRELUDE);
      const total = view.getUint32(0);
      if (total < PRELUDE + MESSAGE_CRC)
        throw new Error(
          `event stream frame declares ${total} bytes, fewer than the 16-byte minimum`,
        );
      if (crc32(this.buffer.subarray(0, 8)) !== view.getUint32(8))
        throw new Error('event stream prelude checksum mismatch');
      if (this.buffer.length < total) break;
      messages.push(decodeMessage(this.buffer.subarray(0, total), view.getUint32(4)));
      this.buffer = this.buffer.subarray(total);
    }
    return messages;
  }

  /** Bytes left over when the body ended: a frame cut off mid-way. */
  get pending(): number {
    return this.buffer.length;
  }
}

/** One whole frame whose prelude checked out. */
function decodeMessage(frame: Uint8Array, headersLength: number): EventStreamMessage {
  const end = frame.length - MESSAGE_CRC;
  const view = new DataView(frame.buffer, frame.byteOffset, frame.length);
  if (crc32(frame.subarray(0, end)) !== view.getUint32(end))
    throw new Error('event stream message checksum mismatch');
  const bodyStart = PRELUDE + headersLength;
  if (bodyStart > end)
    throw new Error(`event stream headers (${headersLength} bytes) overrun their frame`);
  const headers = new Map<string, string>();
  let at = PRELUDE;
  while (at < bodyStart) {
    const nameEnd = at + 1 + frame[at];
    const name = utf8.decode(frame.subarray(at + 1, nameEnd));
    const type = frame[nameEnd];
    at = nameEnd + 1;
    if (type === STRING || type === BYTE_ARRAY) {
      const valueEnd = at + 2 + view.getUint16(at);
      if (type === STRING) headers.set(name, utf8.decode(frame.subarray(at + 2, valueEnd)));
      at = valueEnd;
    } else if (type in FIXED_SIZE) {
      at += FIXED_SIZE[type];
    } else {
      throw new Error(`event stream header '${name}' has unknown value type ${type}`);
    }
  }
  if (at !== bodyStart) throw new Error('event stream headers overrun their declared length');
  return { headers, body: frame.subarray(bodyStart, end) };
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

/** A string header's value. */
export function headerString(message: EventStreamMessage, name: string): string | undefined {
  return message.headers.get(name);
}
