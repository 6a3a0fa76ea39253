import { EventStreamCodec, type Message } from '@smithy/eventstream-codec';
import { fromUtf8 } from '@smithy/util-utf8';

// application/vnd.amazon.eventstream framing (PROTOCOLS §5.3): messages arrive split across
// and packed into network chunks. Bytes are buffered until a whole message (total_length from
// its prelude) is there; EventStreamCodec then checks both CRCs and parses the headers.

export type { Message as EventStreamMessage };

// One decoder for every header name and value: util-utf8's toUtf8 builds a TextDecoder per call,
// which was a sixth of a Bedrock stream's CPU.
const utf8 = new TextDecoder();
const toUtf8 = (bytes: Uint8Array) => utf8.decode(bytes);

export class EventStreamSplitter {
  private readonly codec = new EventStreamCodec(toUtf8, fromUtf8);
  private buffer: Uint8Array = new Uint8Array(0);

  /** Whole messages completed by `chunk`; throws on a corrupt frame. */
  push(chunk: Uint8Array): Message[] {
    this.buffer = this.buffer.length ? concat(this.buffer, chunk) : chunk;
    const messages: Message[] = [];
    while (this.buffer.length >= 4) {
      const total = new DataView(this.buffer.buffer, this.buffer.byteOffset, 4).getUint32(0, false);
      if (total < 16)
        throw new Error(
          `event stream frame declares ${total} bytes, fewer than the 16-byte minimum`,
        );
      if (this.buffer.length < total) break;
      messages.push(this.codec.decode(this.buffer.subarray(0, total)));
      this.buffer = this.buffer.subarray(total);
    }
    return messages;
  }

  /** Bytes left over when the body ended: a frame cut off mid-way. */
  get pending(): number {
    return this.buffer.length;
  }
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

/** A string header's value. */
export function headerString(message: Message, name: string): string | undefined {
  const header = message.headers[name];
  return header && header.type === 'string' ? header.value : undefined;
}
