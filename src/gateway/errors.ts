import type { GatewayErrorInfo } from '../formats/canonical';
import { InvalidRequest } from '../formats/invalid-request';

/**
 * An error with an HTTP status that every route shapes into its own dialect.
 * Anything else thrown is a bug and is answered as a plain 502/500-free error by the app.
 */
export class GatewayError extends Error implements GatewayErrorInfo {
  constructor(
    readonly status: number,
    message: string,
    readonly code?: string,
    readonly param?: string,
    /** Extra response headers, e.g. Retry-After. */
    readonly headers?: Record<string, string>,
    /** The provider's own status when this error came from upstream (fallback decisions use it). */
    readonly upstreamStatus?: number,
  ) {
    super(message);
  }

  toInfo(): GatewayErrorInfo {
    return { status: this.status, message: this.message, code: this.code, param: this.param };
  }
}

export const badRequest = (message: string, param?: string) =>
  new GatewayError(400, message, 'invalid_request_error', param);

export const notFound = (message: string) => new GatewayError(404, message, 'not_found');

/** Turn anything thrown into error info without leaking internals. */
export function toErrorInfo(err: unknown): GatewayErrorInfo & { headers?: Record<string, string> } {
  if (err instanceof GatewayError) return { ...err.toInfo(), headers: err.headers };
  if (err instanceof InvalidRequest) return { status: 400, message: err.message, code: 'invalid_request_error', param: err.param };
  if (err instanceof SyntaxError) return { status: 400, message: `Malformed JSON body: ${err.message}`, code: 'invalid_json' };
  console.error('unexpected error', err instanceof Error ? err.stack : String(err));
  return { status: 502, message: 'The gateway could not complete the request.', code: 'gateway_error' };
}
