import { concatBytes } from '../formats/bytes';
import type { InferenceRecord } from '../storage/inference';
import type { UsageRow } from '../storage/usage';

// The usage queue's messages. Requests that end in one isolate at about the same time share a
// message, so the queue carries far fewer messages than requests. A message is
//   <header JSON>\n<body>
// where the header names the message and the body is {"usage":[rows],"inference":[records]}.
// An event too large for one message (an inference record with big bodies) travels as parts:
// each part's body is a slice of that event's JSON, and the consumer joins them.

/** Queues accept 128 KB per message; the rest is headroom for the header. */
export const MESSAGE_BYTES = 120_000;

export type EventKind = 'usage' | 'inference';

/** One event, already serialized: its size is known and later changes to the row cannot leak in. */
export interface EncodedEvent {
  kind: EventKind;
  json: Uint8Array;
}

export interface MessageHeader {
  /** Unique per message and kept through every retry: names what the consumer writes for it. */
  id: string;
  part?: { index: number; count: number; kind: EventKind };
}

export interface EventBody {
  usage: UsageRow[];
  inference: InferenceRecord[];
}

export type DecodedMessage =
  | { kind: 'bundle'; id: string; body: EventBody }
  | { kind: 'part'; id: string; part: NonNullable<MessageHeader['part']>; bytes: Uint8Array };

const encoder = new TextEncoder();
const decoder = new TextDecoder();
const NEWLINE = 0x0a;

export function encodeEvent(kind: EventKind, value: UsageRow | InferenceRecord): EncodedEvent {
  return { kind, json: encoder.encode(JSON.stringify(value)) };
}

const COMMA = encoder.encode(',');

function joined(label: string, items: readonly Uint8Array[]): Uint8Array[] {
  const out = [encoder.encode(`"${label}":[`)];
  items.forEach((item, i) => {
    if (i) out.push(COMMA);
    out.push(item);
  });
  out.push(encoder.encode(']'));
  return out;
}

function message(header: MessageHeader, body: Uint8Array[]): Uint8Array {
  return concatBytes([encoder.encode(`${JSON.stringify(header)}\n`), ...body]);
}

function bundle(usage: Uint8Array[], inference: Uint8Array[]): Uint8Array {
  return message({ id: crypto.randomUUID() }, [
    encoder.encode('{'),
    ...joined('usage', usage),
    COMMA,
    ...joined('inference', inference),
    encoder.encode('}'),
  ]);
}

function parts(event: EncodedEvent): Uint8Array[] {
  const id = crypto.randomUUID();
  const count = Math.ceil(event.json.length / MESSAGE_BYTES);
  return Array.from({ length: count }, (_, index) =>
    message({ id, part: { index, count, kind: event.kind } }, [
      event.json.subarray(index * MESSAGE_BYTES, (index + 1) * MESSAGE_BYTES),
    ]),
  );
}

/** Packs events into as few messages as fit. */
export function packMessages(events: readonly EncodedEvent[]): Uint8Array[] {
  const messages: Uint8Array[] = [];
  const open: Record<EventKind, Uint8Array[]> = { usage: [], inference: [] };
  let size = 0;
  const close = () => {
    if (open.usage.length || open.inference.length)
      messages.push(bundle(open.usage, open.inference));
    open.usage = [];
    open.inference = [];
    size = 0;
  };
  for (const event of events) {
    if (event.json.length > MESSAGE_BYTES) {
      messages.push(...parts(event));
      continue;
    }
    if (size + event.json.length + 1 > MESSAGE_BYTES) close();
    open[event.kind].push(event.json);
    size += event.json.length + 1;
  }
  close();
  return messages;
}

export class MalformedMessage extends Error {}

export function decodeMessage(bytes: Uint8Array): DecodedMessage {
  const newline = bytes.indexOf(NEWLINE);
  try {
    if (newline < 0) throw new Error('no header');
    const header = JSON.parse(decoder.decode(bytes.subarray(0, newline))) as MessageHeader;
    if (typeof header.id !== 'string') throw new Error('header without id');
    const rest = bytes.subarray(newline + 1);
    if (header.part) return { kind: 'part', id: header.id, part: header.part, bytes: rest };
    const body = JSON.parse(decoder.decode(rest)) as EventBody;
    if (!Array.isArray(body.usage) || !Array.isArray(body.inference))
      throw new Error('body without usage and inference arrays');
    return { kind: 'bundle', id: header.id, body };
  } catch (err) {
    throw new MalformedMessage(`usage queue message is malformed: ${String(err)}`);
  }
}

/** An event put back together from its parts, in index order. */
export function joinParts(kind: EventKind, chunks: readonly Uint8Array[]): EventBody {
  const value = JSON.parse(decoder.decode(concatBytes(chunks)));
  return kind === 'usage' ? { usage: [value], inference: [] } : { usage: [], inference: [value] };
}
