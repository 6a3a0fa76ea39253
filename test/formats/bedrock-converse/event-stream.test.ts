import { EventStreamCodec, Int64, type MessageHeaders } from '@smithy/eventstream-codec';
import { fromUtf8, toUtf8 } from '@smithy/util-utf8';
import { describe, expect, it } from 'vitest';
import { concatBytes } from '../../../src/formats/bytes';
import {
  EventStreamSplitter,
  type EventStreamMessage,
} from '../../../src/formats/bedrock-converse/event-stream';

// Our event-stream reader against AWS's own encoder (smithy's codec): frames with every header
// value type, cut at random points, and frames broken in each way the reader must refuse.

const codec = new EventStreamCodec(toUtf8, fromUtf8);

const everyType: MessageHeaders = {
  ':message-type': { type: 'string', value: 'event' },
  ':event-type': { type: 'string', value: 'contentBlockDelta' },
  yes: { type: 'boolean', value: true },
  no: { type: 'boolean', value: false },
  b: { type: 'byte', value: -3 },
  s: { type: 'short', value: 300 },
  i: { type: 'integer', value: 70_000 },
  l: { type: 'long', value: Int64.fromNumber(-5_000_000_000) },
  bytes: { type: 'binary', value: new Uint8Array([1, 2, 3]) },
  when: { type: 'timestamp', value: new Date(1_700_000_000_000) },
  id: { type: 'uuid', value: '6ba7b810-9dad-11d1-80b4-00c04fd430c8' },
  héader: { type: 'string', value: 'välue ✓' },
};

function frame(i: number): Uint8Array {
  const body = fromUtf8(JSON.stringify({ delta: { text: `chunk ${i} ${'·'.repeat(i % 7)}` } }));
  return codec.encode({
    headers: i % 2 ? everyType : { ':event-type': { type: 'string', value: `e${i}` } },
    body,
  });
}

const summary = (m: EventStreamMessage) => ({
  headers: Object.fromEntries(m.headers),
  body: toUtf8(m.body),
});

describe('EventStreamSplitter', () => {
  const frames = Array.from({ length: 30 }, (_, i) => frame(i));
  const whole = concatBytes(frames);
  const expected = frames.map((f) => {
    const m = codec.decode(f);
    const strings = Object.entries(m.headers).filter(([, h]) => h.type === 'string');
    return {
      headers: Object.fromEntries(strings.map(([k, h]) => [k, h.value])),
      body: toUtf8(m.body),
    };
  });

  it('reads every frame and its string headers however the bytes are cut', () => {
    let seed = 7;
    const next = (below: number) => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed % below;
    };
    for (let round = 0; round < 50; round++) {
      const splitter = new EventStreamSplitter();
      const got: EventStreamMessage[] = [];
      for (let at = 0; at < whole.length; ) {
        const size = 1 + next(round % 2 ? 9 : 300);
        got.push(...splitter.push(whole.subarray(at, at + size)));
        at += size;
      }
      expect(splitter.pending).toBe(0);
      expect(got.map(summary)).toEqual(expected);
    }
  });

  it('reads frames begun in a buffer the caller has reused since, as the provider reader does', () => {
    const splitter = new EventStreamSplitter();
    const readBuffer = new Uint8Array(100);
    const got: ReturnType<typeof summary>[] = [];
    for (let at = 0; at < whole.length; at += readBuffer.length) {
      const piece = whole.subarray(at, at + readBuffer.length);
      readBuffer.set(piece);
      // A message's body is a view of the chunk: read before the buffer is written again.
      got.push(...splitter.push(readBuffer.subarray(0, piece.length)).map(summary));
      readBuffer.fill(0xff);
    }
    expect(splitter.pending).toBe(0);
    expect(got).toEqual(expected);

    // One frame per read, each at the buffer's start: header blocks of the same length but other
    // values land where the last one was read.
    const events = ['first', 'other', 'third'].map((type) =>
      codec.encode({
        headers: { ':event-type': { type: 'string', value: type } },
        body: fromUtf8('{}'),
      }),
    );
    const oneByOne = new EventStreamSplitter();
    const types = events.flatMap((f) => {
      readBuffer.set(f);
      const read = oneByOne
        .push(readBuffer.subarray(0, f.length))
        .map((m) => m.headers.get(':event-type'));
      readBuffer.fill(0xff);
      return read;
    });
    expect(types).toEqual(['first', 'other', 'third']);
  });

  it('keeps the bytes of a frame cut off at the end', () => {
    const splitter = new EventStreamSplitter();
    expect(splitter.push(whole.subarray(0, frames[0].length + 5))).toHaveLength(1);
    expect(splitter.pending).toBe(5);
  });

  const broken = (at: (f: Uint8Array) => number) => {
    const f = frame(1).slice();
    f[at(f)] ^= 0x01;
    return f;
  };

  it.each([
    ['a payload byte', broken((f) => f.length - 6), /message checksum/],
    ['the prelude', broken(() => 6), /prelude checksum/],
    ['the declared length', broken(() => 3), /prelude checksum/],
  ])('refuses a frame with %s changed', (_, bytes, error) => {
    expect(() => new EventStreamSplitter().push(bytes)).toThrow(error);
  });

  it('refuses a length under the minimum and headers that overrun their frame', () => {
    const tiny = new Uint8Array(16);
    new DataView(tiny.buffer).setUint32(0, 8);
    expect(() => new EventStreamSplitter().push(tiny)).toThrow(/16-byte minimum/);

    const body = fromUtf8('{}');
    const f = codec.encode({ headers: { a: { type: 'string', value: 'b' } }, body });
    // A header length beyond the frame, with both checksums redone so only the overrun is wrong.
    const view = new DataView(f.buffer, f.byteOffset, f.length);
    view.setUint32(4, f.length);
    const resigned = resign(f);
    expect(() => new EventStreamSplitter().push(resigned)).toThrow(/overrun/);
  });

  it('refuses a header of an unknown value type', () => {
    const f = codec.encode({
      headers: { a: { type: 'string', value: 'b' } },
      body: fromUtf8('{}'),
    });
    f[12 + 1 + 1] = 42; // the value type byte of header `a`
    expect(() => new EventStreamSplitter().push(resign(f))).toThrow(/unknown value type 42/);
  });
});

/** `f` with both CRCs computed again (zlib's CRC-32, as AWS uses). */
function resign(f: Uint8Array): Uint8Array {
  const out = f.slice();
  const view = new DataView(out.buffer);
  view.setUint32(8, crc(out.subarray(0, 8)));
  view.setUint32(out.length - 4, crc(out.subarray(0, out.length - 4)));
  return out;
}

function crc(bytes: Uint8Array): number {
  let c = ~0;
  for (const byte of bytes) {
    c ^= byte;
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
  }
  return ~c >>> 0;
}
