import { createParser } from 'eventsource-parser';
import type { StreamEvent } from './canonical';

// Stream codecs are synchronous and stateful: they map one upstream message to canonical events,
// and one canonical event to the caller's bytes. The gateway runs a whole translation in ONE
// relay loop per response (see src/gateway/stream-pipeline.ts): in workerd every extra stream
// stage costs ~10 µs per event and every per-event write far more, so codecs never build
// streams themselves.

/** One parsed server-sent event. */
export interface SseMessage {
  event?: string;
  data: string;
}

/** A provider's stream (raw bytes as they arrive) → canonical events. */
export interface StreamDecoder {
  /** `chunk`'s buffer is read into again after this returns: keep copies, not views. */
  push(chunk: Uint8Array): StreamEvent[];
  /** Events owed when the upstream body ends (e.g. a finish a provider never sent). */
  end(): StreamEvent[];
}

/** Canonical events → a dialect's wire text (SSE frames), for the caller. */
export interface StreamEncoder {
  event(event: StreamEvent): string;
  /** What closes the stream in this dialect (e.g. OpenAI's `data: [DONE]`). */
  end(): string;
}

/** A StreamDecoder for SSE providers: bytes → SSE messages → `map` → events. */
export function sseDecoder(
  map: (message: SseMessage) => StreamEvent[] | StreamEvent | undefined,
  end: () => StreamEvent[] = () => [],
): StreamDecoder {
  const text = new TextDecoder();
  let out: StreamEvent[] = [];
  const parser = createParser({
    onEvent(message) {
      const mapped = map(message);
      if (Array.isArray(mapped)) out.push(...mapped);
      else if (mapped) out.push(mapped);
    },
  });
  return {
    push(chunk) {
      parser.feed(text.decode(chunk, { stream: true }));
      const events = out;
      out = [];
      return events;
    },
    end() {
      parser.feed(text.decode());
      const events = [...out, ...end()];
      out = [];
      return events;
    },
  };
}
