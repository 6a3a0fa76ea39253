import type { GatewayErrorInfo } from '../canonical';

// Anthropic error body ↔ canonical error info.

export function anthropicErrorType(status: number): string {
  switch (status) {
    case 400: return 'invalid_request_error';
    case 401: return 'authentication_error';
    case 402: return 'billing_error';
    case 403: return 'permission_error';
    case 404: return 'not_found_error';
    case 413: return 'request_too_large';
    case 429: return 'rate_limit_error';
    case 504: return 'timeout_error';
    case 529: return 'overloaded_error';
    default: return status >= 500 ? 'api_error' : 'invalid_request_error';
  }
}

export function encodeAnthropicError(info: GatewayErrorInfo): Record<string, unknown> {
  return { type: 'error', error: { type: anthropicErrorType(info.status), message: info.message } };
}

export function decodeAnthropicError(status: number, text: string): GatewayErrorInfo {
  try {
    const body = JSON.parse(text);
    const e = body.error ?? body;
    return { status, message: String(e.message ?? text), code: e.type };
  } catch {
    return { status, message: text.slice(0, 500) || `upstream answered ${status}` };
  }
}
