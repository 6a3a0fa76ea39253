import type { Context } from 'hono';
import { encodeAnthropicError } from '../formats/anthropic-messages/errors';
import type { GatewayErrorInfo } from '../formats/canonical';
import { encodeGeminiError } from '../formats/gemini/errors';
import { encodeOpenAIError } from '../formats/openai-chat';
import { toErrorInfo } from '../gateway/errors';

// Every error leaves in the dialect of the route it came in on (CONTRACT §3, §4).

const CONTROL_CODES: Record<number, string> = {
  400: 'INVALID_PARAMETER_VALUE',
  401: 'UNAUTHENTICATED',
  403: 'PERMISSION_DENIED',
  404: 'RESOURCE_DOES_NOT_EXIST',
  409: 'RESOURCE_ALREADY_EXISTS',
  413: 'REQUEST_TOO_LARGE',
  429: 'REQUEST_LIMIT_EXCEEDED',
  501: 'NOT_IMPLEMENTED',
  503: 'TEMPORARILY_UNAVAILABLE',
  504: 'DEADLINE_EXCEEDED',
};

function encodeControlError(info: GatewayErrorInfo): Record<string, unknown> {
  const code = info.code && /^[A-Z_]+$/.test(info.code) ? info.code : CONTROL_CODES[info.status] ?? 'INTERNAL_ERROR';
  return { error_code: code, message: info.message };
}

export function errorBodyFor(path: string, info: GatewayErrorInfo): Record<string, unknown> {
  if (path.startsWith('/api/')) return encodeControlError(info);
  if (path.startsWith('/ai-gateway/anthropic/')) return encodeAnthropicError(info);
  if (path.startsWith('/ai-gateway/gemini/')) return encodeGeminiError(info);
  return encodeOpenAIError(info);
}

export function errorResponse(c: Context, err: unknown): Response {
  const info = toErrorInfo(err);
  // 499 is only for our logs: a client that went away gets nothing useful from it.
  const status = info.status === 499 ? 400 : info.status;
  const headers = { ...(info.headers ?? {}), 'x-request-id': String(c.get('requestId') ?? '') };
  return c.json(errorBodyFor(new URL(c.req.url).pathname, info), status as 400, headers);
}
