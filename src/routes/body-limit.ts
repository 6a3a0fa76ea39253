import type { Context } from 'hono';
import type { AppEnv, Env } from '../env';
import { GatewayError } from '../gateway/errors';

// Request bodies are read chunk by chunk, counting bytes, and refused at MAX_REQUEST_BODY_BYTES
// before anything parses them: a Worker has 128 MB, and a body near that size parsed and
// re-serialised would end the isolate and every request in it. A declared Content-Length past
// the limit is refused before reading; a chunked body (none declared) is counted as it arrives.

export const DEFAULT_MAX_REQUEST_BODY_BYTES = 32 * 1024 * 1024;

export function maxRequestBodyBytes(env: Pick<Env, 'MAX_REQUEST_BODY_BYTES'>): number {
  const bytes = Number(env.MAX_REQUEST_BODY_BYTES);
  return Number.isSafeInteger(bytes) && bytes > 0 ? bytes : DEFAULT_MAX_REQUEST_BODY_BYTES;
}

const MIB = 1024 * 1024;

function tooLarge(limit: number): GatewayError {
  const size = limit % MIB === 0 ? `${limit} bytes (${limit / MIB} MiB)` : `${limit} bytes`;
  return new GatewayError({
    status: 413,
    message: `The request body is larger than the gateway accepts: at most ${size}.`,
    code: 'request_too_large',
  });
}

const utf8 = new TextDecoder();

/** The request body as text, or a 413 once it passes the limit (the rest is never read). */
export async function readLimitedText(c: Context<AppEnv>): Promise<string> {
  const limit = maxRequestBodyBytes(c.env);
  const declared = c.req.header('content-length');
  if (Number(declared) > limit) throw tooLarge(limit);
  const body = c.req.raw.body;
  if (!body) return '';
  if (declared) {
    // Over HTTP a body ends at its Content-Length, so one read is bounded by the limit; only a
    // Request made inside the isolate can carry more than it declares, and is still refused.
    const bytes = await c.req.raw.arrayBuffer();
    if (bytes.byteLength > limit) throw tooLarge(limit);
    return utf8.decode(bytes);
  }
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let size = 0;
  let text = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return text + decoder.decode();
    size += value.byteLength;
    if (size > limit) {
      reader.cancel().catch(() => {});
      throw tooLarge(limit);
    }
    text += decoder.decode(value, { stream: true });
  }
}
