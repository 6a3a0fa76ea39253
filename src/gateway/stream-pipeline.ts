import type { GatewayErrorInfo, StreamEvent } from '../formats/canonical';
import { endsFrame, frameEndBefore, sseSkimmer } from '../formats/sse-skimmer';
import type { SseMessage, StreamDecoder, StreamEncoder } from '../formats/stream-codec';
import { providerReader, type ProviderReader } from './provider-reader';

// Streams leave the worker as they arrive: one loop per response reads the provider's chunks,
// does the whole translation (decode → taps → encode) or side reading of each, and writes the
// result into workerd's native pipe (relayStream). One stage, one write per network chunk:
// per-event stream stages cost far more in workerd than the translation itself.

/**
 * Sees every canonical event on its way to the caller: a tap that may change, hold back or add
 * events, or one that only looks (usage, the inference log), which costs no array per event.
 */
export type StreamTap = EventTap | ObservingTap;

export interface EventTap {
  event(event: StreamEvent): StreamEvent[];
  /** Events held back until the end (e.g. a masking tail). */
  end?(): StreamEvent[];
  observe?: never;
}

export interface ObservingTap {
  observe(event: StreamEvent): void;
  event?: never;
  end?: never;
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
  /**
   * Keeps the request open while the relay runs. A caller that disconnects ends the response,
   * and with it a request's pending work; the relay must still learn of it and write the row.
   */
  waitUntil?(work: Promise<unknown>): void;
}

/** Runs `cancel` once, on the caller's disconnect or a failed write, unless the stream ended first. */
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
    /** Ended or cancelled: nothing more goes to the caller. */
    get over() {
      return over;
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

/** The caller's last bytes, and the error the stream ends with (for the usage row). */
interface Ending {
  text: string;
  error?: GatewayErrorInfo;
}

/** What one response does with its provider's bytes. */
interface Relay {
  /** The caller's bytes for one provider chunk (the chunk itself, or text); throws on bytes it cannot read. */
  chunk(chunk: Uint8Array): Uint8Array | string;
  /** Once the provider's body ended. */
  end(): Ending;
  /** When the provider broke off or sent what cannot be read. */
  broken(info: GatewayErrorInfo): Ending;
}

/**
 * The response body: a loop reads the provider, hands each chunk to `relay` and writes what it
 * returns into an IdentityTransformStream, whose readable workerd sends to the caller natively.
 * A JS ReadableStream as the body costs a pull and its promises per chunk on top (a bare worker
 * relaying this way reached 0.82× of returning fetch's body, the native pipe 0.94×). A write
 * settles once the caller's side has taken the bytes, so the read buffer is reused after it.
 */
function relayStream(
  body: ReadableStream<Uint8Array>,
  hooks: StreamHooks,
  relay: Relay,
): ReadableStream<Uint8Array> {
  const provider = providerReader(body, hooks);
  const cancellable = cancellation(hooks, provider.reader);
  const { readable, writable } = new IdentityTransformStream();
  const writer = writable.getWriter();

  const finish = async ({ text, error }: Ending) => {
    cancellable.ended();
    hooks.done?.(error);
    if (text) await writer.write(encoder.encode(text));
    await writer.close();
  };
  const pump = async () => {
    for (;;) {
      let chunk: Uint8Array;
      let out: Uint8Array | string;
      try {
        const read = await provider.read();
        if (cancellable.over) return writer.abort();
        if (read.done) return finish(relay.end());
        chunk = read.value;
        out = relay.chunk(chunk);
      } catch (err) {
        if (cancellable.over) return writer.abort();
        provider.reader.cancel().catch(() => {});
        return finish(relay.broken(brokenOff(err)));
      }
      const bytes = typeof out === 'string' ? encoder.encode(out) : out;
      if (bytes.byteLength) {
        try {
          await writer.write(bytes);
        } catch (reason) {
          return cancellable.cancel(reason);
        }
      }
      provider.release(chunk);
    }
  };
  const relaying = pump().catch((err) => writer.abort(err).catch(() => {}));
  hooks.waitUntil?.(relaying);
  return readable;
}

export function translateStream(
  body: ReadableStream<Uint8Array>,
  decoder: StreamDecoder,
  taps: StreamTap[],
  dialect: StreamEncoder,
  hooks: StreamHooks = {},
): ReadableStream<Uint8Array> {
  let error: GatewayErrorInfo | undefined;
  /** One event through the taps from `tapIndex` on, then the dialect's encoder. */
  const pass = (event: StreamEvent, tapIndex: number): string => {
    for (let i = tapIndex; i < taps.length; i++) {
      const tap = taps[i];
      if (tap.observe) tap.observe(event);
      else return encode(tap.event(event), i + 1);
    }
    if (event.type === 'error') error ??= event.error;
    return dialect.event(event);
  };
  const encode = (events: StreamEvent[], tapIndex = 0): string => {
    let out = '';
    for (const event of events) out += pass(event, tapIndex);
    return out;
  };
  const finish = (events: StreamEvent[]): Ending => {
    let text = encode(events);
    taps.forEach((tap, i) => {
      if (tap.end) text += encode(tap.end(), i + 1);
    });
    text += dialect.end();
    return { text, error };
  };
  return relayStream(body, hooks, {
    chunk: (chunk) => encode(decoder.push(chunk)),
    end: () => finish(decoder.end()),
    broken: (info) => finish([{ type: 'error', error: info }]),
  });
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
  const skim = sseSkimmer(reading.message, reading.needles);
  const decoder = new TextDecoder();
  let pending = '';

  /**
   * Whole frames of `chunk` minus dropped ones; an incomplete last frame waits for the next chunk.
   * Frames are split apart only when `drop` holds for the text they are in: almost never.
   */
  const keep = (chunk: Uint8Array, text: string): Uint8Array | string => {
    if (!drop || (!pending && endsFrame(text) && !drop(text))) return chunk;
    pending += text;
    const end = frameEndBefore(pending);
    if (end < 0) return '';
    const complete = pending.slice(0, end);
    pending = pending.slice(end);
    if (!drop(complete)) return complete;
    return complete
      .split(/(?<=\r?\n\r?\n)/)
      .filter((frame) => !drop(frame))
      .join('');
  };

  return relayStream(body, hooks, {
    chunk(chunk) {
      reading.bytes?.(chunk.byteLength);
      const text = decoder.decode(chunk, { stream: true });
      skim(text);
      return keep(chunk, text);
    },
    end() {
      skim(decoder.decode());
      return { text: pending };
    },
    broken: (info) => ({ text: brokenFrame(info), error: info }),
  });
}
