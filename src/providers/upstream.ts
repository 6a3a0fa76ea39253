import type { GatewayErrorInfo } from '../formats/canonical';
import { GatewayError } from '../gateway/errors';
import type { JsonObject } from '../formats/json';

// Sending a request to a provider and turning its failures into gateway errors (PROTOCOLS §9.4):
// upstream 4xx keep their status, 5xx become 502, timeouts 504, and nothing becomes a 500.

/** How long to wait for an upstream's response headers. */
export const UPSTREAM_TIMEOUT_MS = 120_000;
let upstreamTimeoutMs = UPSTREAM_TIMEOUT_MS;

/** Tests shorten the wait for a provider that never answers (and restore it without an argument). */
export function setUpstreamTimeout(ms = UPSTREAM_TIMEOUT_MS): void {
  upstreamTimeoutMs = ms;
}

export type ErrorDecoder = (status: number, text: string) => GatewayErrorInfo;

/** What a provider sends: handed to fetch as is (a Request built first would be copied by fetch). */
export interface UpstreamInit {
  method: string;
  headers: Record<string, string> | Headers;
  body?: string;
}

export async function sendUpstream(
  url: string,
  init: UpstreamInit,
  decodeError: ErrorDecoder,
  signal?: AbortSignal,
  timeoutMs = upstreamTimeoutMs,
): Promise<Response> {
  // One controller: the client leaving aborts the call (its body too); the timeout covers only the
  // wait for the headers, so a stream may run as long as the provider keeps sending.
  const abort = new AbortController();
  const clientGone = () => abort.abort(signal?.reason);
  if (signal?.aborted) clientGone();
  else signal?.addEventListener('abort', clientGone, { once: true });
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    abort.abort(new DOMException('The provider did not answer in time.', 'TimeoutError'));
  }, timeoutMs);
  let response: Response;
  try {
    response = await fetch(url, { ...init, signal: abort.signal });
  } catch (err) {
    if (timedOut)
      throw new GatewayError({
        status: 504,
        message: `The provider did not answer within ${timeoutMs / 1000} s.`,
        code: 'upstream_timeout',
      });
    if (signal?.aborted)
      throw new GatewayError({
        status: 499,
        message: 'The client closed the request.',
        code: 'client_closed',
      });
    throw new GatewayError({
      status: 502,
      message: `The provider could not be reached: ${err instanceof Error ? err.message : String(err)}`,
      code: 'upstream_unreachable',
    });
  } finally {
    clearTimeout(timer);
  }
  if (response.ok) return response;
  throw await upstreamError(response, decodeError, credentialsIn(new Headers(init.headers)));
}

/** Header values that authenticate us to the provider: never echoed back to the caller. */
function credentialsIn(headers: Headers): string[] {
  const values: string[] = [];
  headers.forEach((value, name) => {
    if (name === 'authorization' || /key|token|secret/i.test(name))
      values.push(value.replace(/^(Bearer|Basic)\s+/i, ''));
  });
  return values.filter((v) => v.length >= 8);
}

/** Removes credentials a provider might echo in an error message (some proxies do). */
function redact(message: string, secrets: string[]): string {
  return secrets.reduce((m, secret) => m.split(secret).join('[REDACTED]'), message);
}

export async function upstreamError(
  response: Response,
  decodeError: ErrorDecoder,
  secrets: string[] = [],
): Promise<GatewayError> {
  const text = await response.text().catch(() => '');
  const decoded = decodeError(response.status, text);
  return new GatewayError({
    status: mapUpstreamStatus(response.status),
    message: redact(decoded.message, secrets),
    code: decoded.code,
    param: decoded.param,
    retryAfter: response.headers.get('retry-after') ?? undefined,
    upstreamStatus: response.status,
  });
}

export function mapUpstreamStatus(status: number): number {
  if (status === 408 || status === 504) return 504;
  if (status >= 500) return 502;
  return status;
}

/** Parses an upstream JSON body, or a 502 saying it was not JSON. */
export async function upstreamJson(response: Response): Promise<JsonObject> {
  const text = await response.text();
  try {
    return JSON.parse(text);
  } catch {
    throw new GatewayError({
      status: 502,
      message: 'The provider answered with a body that is not JSON.',
      code: 'upstream_invalid_response',
    });
  }
}
