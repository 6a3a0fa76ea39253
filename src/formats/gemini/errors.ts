import type { GatewayErrorInfo } from '../canonical';
import type { UpstreamErrorBody } from './wire';

// Google error body ({error: {code, message, status}}) ↔ canonical error info.

export function googleStatus(status: number): string {
  switch (status) {
    case 400:
      return 'INVALID_ARGUMENT';
    case 401:
      return 'UNAUTHENTICATED';
    case 403:
      return 'PERMISSION_DENIED';
    case 404:
      return 'NOT_FOUND';
    case 409:
      return 'ABORTED';
    case 413:
      return 'INVALID_ARGUMENT';
    case 429:
      return 'RESOURCE_EXHAUSTED';
    case 499:
      return 'CANCELLED';
    case 501:
      return 'UNIMPLEMENTED';
    case 503:
      return 'UNAVAILABLE';
    case 504:
      return 'DEADLINE_EXCEEDED';
    default:
      return status >= 500 ? 'INTERNAL' : 'FAILED_PRECONDITION';
  }
}

export function encodeGeminiError(info: GatewayErrorInfo): Record<string, unknown> {
  return { error: { code: info.status, message: info.message, status: googleStatus(info.status) } };
}

export function decodeGeminiError(status: number, text: string): GatewayErrorInfo {
  try {
    // Vertex's stream answers a failure as a one-element array.
    const body: UpstreamErrorBody | UpstreamErrorBody[] = JSON.parse(text);
    const e = Array.isArray(body) ? body[0]?.error : body.error;
    return { status, message: String(e?.message ?? text), code: e?.status };
  } catch {
    return { status, message: text.slice(0, 500) || `upstream answered ${status}` };
  }
}
