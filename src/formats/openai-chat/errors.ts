import type { GatewayErrorInfo } from '../canonical';
import { openAIErrorType } from './stream';
import type { UpstreamError, UpstreamErrorBody } from './wire';

// OpenAI error body ↔ canonical error info.

export function encodeOpenAIError(info: GatewayErrorInfo): Record<string, unknown> {
  return {
    error: {
      message: info.message,
      type: openAIErrorType(info.status),
      param: info.param ?? null,
      code: info.code ?? null,
    },
  };
}

/** The message and code of an upstream OpenAI-shaped error body (text when it is not JSON). */
export function decodeOpenAIError(status: number, text: string): GatewayErrorInfo {
  try {
    const body: UpstreamErrorBody = JSON.parse(text);
    const e: UpstreamError =
      typeof body.error === 'string' ? { message: body.error } : (body.error ?? body);
    const message = e.message ?? body.message ?? text;
    return {
      status,
      message: String(message),
      code: typeof e.code === 'string' ? e.code : e.type,
      param: e.param ?? undefined,
    };
  } catch {
    return { status, message: text.slice(0, 500) || `upstream answered ${status}` };
  }
}
