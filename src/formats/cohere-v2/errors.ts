import type { GatewayErrorInfo } from '../canonical';
import type { UpstreamError } from './wire';

// Cohere error bodies are `{"id"?, "message"}`.

export function decodeCohereError(status: number, text: string): GatewayErrorInfo {
  try {
    const body: UpstreamError = JSON.parse(text);
    return { status, message: String(body.message ?? body.error?.message ?? text) };
  } catch {
    return { status, message: text.slice(0, 500) || `upstream answered ${status}` };
  }
}
