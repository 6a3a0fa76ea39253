import type { Context } from 'hono';
import type { AppEnv, Env } from '../env';
import { GatewayError } from '../gateway/errors';

// Request bodies are read chunk by chunk, counting bytes, and refused at MAX_REQUEST_BODY_BYTES
// before anything parses them: a Worker has 128 MB, and a body near that size parsed and
// re-serialised would end the isolate and every request in it. Content-Length only serves to
// refuse early; it may be absent (a chunked body) or wrong, so the bytes are counted regardless.

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

/** The request body as text, or a 413 once it passes the limit (the rest is never read). */
export async function readLimitedText(c: Context<AppEnv>): Promise<string> {
  const limit = maxRequestBodyBytes(c.env);
  if (Number(c.req.header('content-length')) > limit) throw tooLarge(limit);
  const body = c.req.raw.body;
  if (!body) return '';
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
