import type { GatewayErrorInfo } from '../canonical';
import type { UpstreamError, UpstreamErrorBody } from './wire';

// Anthropic error body ↔ canonical error info.

const TYPE_BY_STATUS: Record<number, string> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  402: 'billing_error',
  403: 'permission_error',
  404: 'not_found_error',
  413: 'request_too_large',
  429: 'rate_limit_error',
  504: 'timeout_error',
  529: 'overloaded_error',
};

export function anthropicErrorType(status: number): string {
  return TYPE_BY_STATUS[status] ?? (status >= 500 ? 'api_error' : 'invalid_request_error');
}

/** The status an Anthropic error type stands for (mid-stream errors carry only the type). */
export function statusForAnthropicErrorType(type: unknown): number {
  if (type === 'api_error') return 500;
  for (const [status, name] of Object.entries(TYPE_BY_STATUS))
    if (name === type) return Number(status);
  return 500;
}

export function encodeAnthropicError(info: GatewayErrorInfo): Record<string, unknown> {
  return { type: 'error', error: { type: anthropicErrorType(info.status), message: info.message } };
}

export function decodeAnthropicError(status: number, text: string): GatewayErrorInfo {
  try {
    const body: UpstreamErrorBody = JSON.parse(text);
    const e = body.error ?? body;
    return { status, message: String(e.message ?? text), code: e.type };
  } catch {
    return { status, message: text.slice(0, 500) || `upstream answered ${status}` };
  }
}

/** An `event: error` frame's error object. Upstream failures reach callers as 502, overload as 529. */
export function decodeAnthropicStreamError(raw: unknown): GatewayErrorInfo {
  const error = raw as UpstreamError | null | undefined;
  const status = statusForAnthropicErrorType(error?.type);
  return {
    status: status >= 500 && status !== 529 ? 502 : status,
    message: String(error?.message ?? 'upstream error'),
    code: error?.type,
  };
}
