// Server-sent event frames and payloads (parsing lives in stream-codec.ts, on eventsource-parser).

/** One SSE frame; `event` is omitted for dialects that only send `data:` lines. */
export function sseFrame(data: unknown, event?: string): string {
  const payload = typeof data === 'string' ? data : JSON.stringify(data);
  return event ? `event: ${event}\ndata: ${payload}\n\n` : `data: ${payload}\n\n`;
}

/**
 * Parses a JSON SSE payload; null for non-JSON payloads such as OpenAI's `[DONE]`. The result is
 * `any` as JSON.parse's is: codecs assign it to their format's Upstream… wire type at once, and
 * the gateway's passthrough taps pick single fields of payloads it does not otherwise read.
 */
// biome-ignore lint/suspicious/noExplicitAny: opaque JSON, as JSON.parse's (see above)
export function parseJsonData(data: string): any {
  try {
    return JSON.parse(data);
  } catch {
    return null;
  }
}
