import type { GatewayErrorInfo, StreamEvent } from '../formats/canonical';
import { endsFrame, sseSkimmer } from '../formats/sse-skimmer';
import type { SseMessage, StreamDecoder, StreamEncoder } from '../formats/stream-codec';
import { providerReader, type ProviderReader } from './provider-reader';

// Streams leave the worker as they arrive: one pull-driven ReadableStream per response does the
// whole translation (decode → taps → encode) chunk by chunk. One stage, one enqueue per network
// chunk: per-event stream stages cost far more in workerd than the translation itself.

/** Sees every canonical event on its way to the caller; may change, hold back or add events. */
export interface StreamTap {
  event(event: StreamEvent): StreamEvent[];
  /** Events held back until the end (e.g. a masking tail). */
  end?(): StreamEvent[];
}

export interface StreamHooks {
  /** The first bytes from the provider arrived. */
  firstByte?(): void;
  /** The stream ended: normally, with an error event, or because the provider broke off. */
  done?(error?: GatewayErrorInfo): void;
  /** The caller went away before the end. */
  cancelled?(): void;
  /**
   * The caller's request signal. workerd (since 1.20260619) no longer cancels a response body
   * when the client disconnects, but it still aborts the request signal
   * (`enable_request_signal`), so that is where a disconnect is noticed.
   */
  clientGone?: AbortSignal;
}

/** Runs `cancel` once, on the body's cancel or on the client's disconnect, unless the stream ended first. */
function cancellation(hooks: StreamHooks, reader: ProviderReader['reader']) {
  let over = false;
  const cancel = (reason?: unknown) => {
    if (over) return Promise.resolve();
    over = true;
    hooks.cancelled?.();
    return reader.cancel(reason).catch(() => {});
  };
  const onAbort = () => void cancel(hooks.clientGone?.reason);
  hooks.clientGone?.addEventListener('abort', onAbort, { once: true });
  return {
    cancel,
    /** The stream ended on its own: a later disconnect changes nothing. */
    ended() {
      over = true;
      hooks.clientGone?.removeEventListener('abort', onAbort);
    },
  };
}

const encoder = new TextEncoder();

/** What the caller is told when the provider's stream breaks off or cannot be read. */
function brokenOff(err: unknown): GatewayErrorInfo {
  return {
    status: 502,
    message: `The provider's stream broke off: ${err instanceof Error ? err.message : String(err)}`,
    code: 'upstream_stream_error',
  };
}

export function translateStream(
  body: ReadableStream<Uint8Array>,
  decoder: StreamDecoder,
  taps: StreamTap[],
  dialect: StreamEncoder,
  hooks: StreamHooks = {},
): ReadableStream<Uint8Array> {
  const { reader, read, release } = providerReader(body, hooks);
  const cancellable = cancellation(hooks, reader);
  let error: GatewayErrorInfo | undefined;

  const encode = (events: StreamEvent[], tapIndex = 0): string => {
    let out = '';
    for (const event of events) {
      if (tapIndex < taps.length) {
        out += encode(taps[tapIndex].event(event), tapIndex + 1);
        continue;
      }
      if (event.type === 'error') error ??= event.error;
      out += dialect.event(event);
    }
    return out;
  };
  const finish = (events: StreamEvent[]): string => {
    let out = encode(events);
    taps.forEach((tap, i) => {
      if (tap.end) out += encode(tap.end(), i + 1);
    });
    return out + dialect.end();
  };

  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        for (;;) {
          let text: string;
          let done = false;
          try {
            const chunk = await read();
            if (chunk.done) {
              done = true;
              text = finish(decoder.end());
            } else {
              text = encode(decoder.push(chunk.value));
              release(chunk.value);
            }
          } catch (err) {
            // The provider broke off or sent frames we cannot read: end in the caller's dialect.
            done = true;
            text = finish([{ type: 'error', error: brokenOff(err) }]);
            reader.cancel().catch(() => {});
          }
          if (text) controller.enqueue(encoder.encode(text));
          if (done) {
            cancellable.ended();
            controller.close();
            hooks.done?.(error);
            return;
          }
          if (text) return;
        }
      },
      cancel: (reason) => cancellable.cancel(reason),
    },
    { highWaterMark: 0 },
  );
}

/** What a passthrough reads on the side of the bytes it forwards. */
export interface SideReading {
  /** Called with the messages of frames that contain one of `needles` (all messages without). */
  message(message: SseMessage): void;
  needles?: readonly string[];
  /** Each chunk's size: an estimate's base when the provider reports no usage. */
  bytes?(count: number): void;
}

/**
 * Forwards a provider's SSE bytes unchanged while `reading` looks at them on the side.
 * `drop` removes whole frames (e.g. a usage chunk the gateway asked for and the caller did not);
 * it must hold for any text that contains a frame it holds for (an `includes` test), so a chunk
 * it does not hold for is forwarded as it came. `brokenFrame` is the dialect's error frame for a
 * provider that breaks off mid-stream.
 */
export function passthroughStream(
  body: ReadableStream<Uint8Array>,
  reading: SideReading,
  hooks: StreamHooks,
  brokenFrame: (error: GatewayErrorInfo) => string,
  drop?: (frame: string) => boolean,
): ReadableStream<Uint8Array> {
  const { reader, read, keep: keepChunk } = providerReader(body, hooks);
  const cancellable = cancellation(hooks, reader);
  const skim = sseSkimmer(reading.message, reading.needles);
  const decoder = new TextDecoder();
  let pending = '';

  /** Whole frames of `chunk` minus dropped ones; an incomplete last frame waits for the next chunk. */
  const keep = (chunk: Uint8Array, text: string): Uint8Array | null => {
    if (!drop || (!pending && endsFrame(text) && !drop(text))) return keepChunk(chunk);
    pending += text;
    const cut = Math.max(pending.lastIndexOf('\n\n'), pending.lastIndexOf('\r\n\r\n'));
    if (cut < 0) return null;
    const end = pending.startsWith('\r\n\r\n', cut) ? cut + 4 : cut + 2;
    const complete = pending.slice(0, end);
    pending = pending.slice(end);
    const kept = complete
      .split(/(?<=\r?\n\r?\n)/)
      .filter((frame) => !drop(frame))
      .join('');
    return kept ? encoder.encode(kept) : null;
  };

  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        for (;;) {
          try {
            const chunk = await read();
            if (chunk.done) {
              skim(decoder.decode());
              if (pending) controller.enqueue(encoder.encode(pending));
              cancellable.ended();
              controller.close();
              hooks.done?.();
              return;
            }
            reading.bytes?.(chunk.value.byteLength);
            const text = decoder.decode(chunk.value, { stream: true });
            skim(text);
            const out = keep(chunk.value, text);
            if (out) return controller.enqueue(out);
          } catch (err) {
            const info = brokenOff(err);
            controller.enqueue(encoder.encode(brokenFrame(info)));
            cancellable.ended();
            controller.close();
            hooks.done?.(info);
            reader.cancel().catch(() => {});
            return;
          }
        }
      },
      cancel: (reason) => cancellable.cancel(reason),
    },
    { highWaterMark: 0 },
  );
}
