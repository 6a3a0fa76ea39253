import type { FakeHandler } from '../fakes/router';

/**
 * A fake whose SSE answers arrive slowly, one chunk every `delayMs`: a stream the browser must
 * show in several steps, as a real provider's would arrive.
 */
export function slowStreams(fake: FakeHandler, delayMs: number): FakeHandler {
  return async (request) => {
    const response = await fake(request);
    if (!response.body || !response.headers.get('content-type')?.includes('text/event-stream'))
      return response;
    const delayed = response.body.pipeThrough(
      new TransformStream<Uint8Array, Uint8Array>({
        async transform(chunk, controller) {
          await new Promise((resolve) => setTimeout(resolve, delayMs));
          controller.enqueue(chunk);
        },
      }),
    );
    return new Response(delayed, { status: response.status, headers: response.headers });
  };
}
