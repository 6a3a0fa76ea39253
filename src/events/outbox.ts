import type { Env } from '../env';
import type { InferenceRecord } from '../storage/inference';
import type { UsageRow } from '../storage/usage';
import { encodeEvent, MESSAGE_BYTES, packMessages, type EncodedEvent } from './messages';

// The request side of the usage pipeline: a finished request hands its usage row (and inference
// record) to this isolate's outbox and is done; it never waits on or writes to D1 or R2.
//
// Events that end within one window share queue messages. The request whose event opens a window
// keeps it open in its own ctx.waitUntil and sends it when the window closes; a window whose
// message is full is sent at once by the request whose event no longer fits (that event opens the
// next window). Either way one request sends everyone's events in its own I/O context and no
// request ever waits on another's I/O.

/** Queues take at most 100 messages and 256 KB per sendBatch. */
const SEND_BATCH_MESSAGES = 100;
const SEND_BATCH_BYTES = 250_000;
const SEND_ATTEMPTS = 3;
const DEFAULT_WINDOW_MS = 1000;

interface Window {
  events: EncodedEvent[];
  /** Bytes the events take in a message, counted as packMessages counts them. */
  bytes: number;
}

let open: Window | null = null;

function windowMs(env: Env): number {
  const ms = Number(env.USAGE_BATCH_WINDOW_MS);
  return Number.isFinite(ms) && ms >= 0 ? ms : DEFAULT_WINDOW_MS;
}

/** Queues a finished request's usage row and/or inference record. */
export function enqueueEvents(
  env: Env,
  ctx: ExecutionContext,
  events: { usage?: UsageRow; inference?: InferenceRecord },
): void {
  const encoded: EncodedEvent[] = [];
  if (events.usage) encoded.push(encodeEvent('usage', events.usage));
  if (events.inference) encoded.push(encodeEvent('inference', events.inference));
  if (!encoded.length) return;
  for (const event of encoded) {
    const size = event.json.length + 1; // as packMessages counts it
    // An event that would not fit sends the window first, so a window that fills is exactly one
    // message (not a full one and another carrying the event that tipped it over).
    if (open?.events.length && open.bytes + size > MESSAGE_BYTES) ctx.waitUntil(send(env, close()));
    const window = open ?? openWindow(env, ctx);
    window.events.push(event);
    window.bytes += size;
  }
  // Full to the byte, or one event too large for a message (it travels as parts): no wait.
  if (open && open.bytes >= MESSAGE_BYTES) ctx.waitUntil(send(env, close()));
}

/** A new window, sent by the request that opened it when its time is up (unless sent before). */
function openWindow(env: Env, ctx: ExecutionContext): Window {
  const window: Window = { events: [], bytes: 0 };
  open = window;
  ctx.waitUntil(
    new Promise((resolve) => setTimeout(resolve, windowMs(env))).then(() => {
      if (open === window) return send(env, close());
    }),
  );
  return window;
}

function close(): EncodedEvent[] {
  const events = open?.events ?? [];
  open = null;
  return events;
}

/** Messages in sendBatch-sized groups. */
function groups(messages: Uint8Array[]): Uint8Array[][] {
  const out: Uint8Array[][] = [];
  let group: Uint8Array[] = [];
  let bytes = 0;
  for (const m of messages) {
    if (
      group.length === SEND_BATCH_MESSAGES ||
      (group.length && bytes + m.length > SEND_BATCH_BYTES)
    ) {
      out.push(group);
      group = [];
      bytes = 0;
    }
    group.push(m);
    bytes += m.length;
  }
  if (group.length) out.push(group);
  return out;
}

async function send(env: Env, events: EncodedEvent[]): Promise<void> {
  await Promise.all(
    groups(packMessages(events)).map(async (group) => {
      for (let attempt = 1; ; attempt++) {
        try {
          await env.USAGE_QUEUE.sendBatch(group.map((body) => ({ body, contentType: 'bytes' })));
          return;
        } catch (err) {
          if (attempt === SEND_ATTEMPTS) {
            // Billing data: say loudly what was lost, never drop it quietly.
            console.error('usage events not queued', group.length, 'messages', String(err));
            return;
          }
          await new Promise((resolve) => setTimeout(resolve, 100 * 4 ** attempt));
        }
      }
    }),
  );
}
