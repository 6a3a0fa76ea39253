import { vi } from 'vitest';

// Outgoing fetches from the worker go to fake upstreams by host; anything else fails loudly.

export type FakeHandler = (request: Request) => Response | Promise<Response>;

export interface RecordedCall {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: string;
}

export function installFakeUpstreams(hosts: Record<string, FakeHandler>) {
  const calls: RecordedCall[] = [];
  const original = globalThis.fetch;
  const spy = vi
    .spyOn(globalThis, 'fetch')
    .mockImplementation(async (input: RequestInfo | URL, init?: RequestInit) => {
      const request = new Request(input as RequestInfo, init);
      const url = new URL(request.url);
      const handler = hosts[url.host];
      if (!handler) return original(input as RequestInfo, init);
      // As fetch does: a call whose signal has already fired is never sent.
      request.signal.throwIfAborted();
      // Decoded by hand: .text() on a form or binary body makes workerd print a warning.
      const body = new TextDecoder().decode(await request.clone().arrayBuffer());
      calls.push({
        url: request.url,
        method: request.method,
        headers: Object.fromEntries(request.headers),
        body,
      });
      return handler(request);
    });
  return { calls, restore: () => spy.mockRestore() };
}

export function sseResponse(frames: string[], init: ResponseInit = {}): Response {
  const encoder = new TextEncoder();
  // A byte stream, as a real fetch body is: the gateway reads those through a BYOB reader.
  const stream = new ReadableStream({
    type: 'bytes',
    async start(controller) {
      for (const frame of frames) {
        controller.enqueue(encoder.encode(frame));
        await new Promise((r) => setTimeout(r, 1));
      }
      controller.close();
    },
  });
  return new Response(stream, {
    status: 200,
    headers: { 'content-type': 'text/event-stream' },
    ...init,
  });
}

export const jsonResponse = (body: unknown, status = 200, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', ...headers },
  });
