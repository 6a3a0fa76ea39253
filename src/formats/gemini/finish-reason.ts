import type { FinishReason } from '../canonical';

// Gemini finishReason ↔ canonical (PROTOCOLS §9.2, §9.3).

const CONTENT_FILTER = new Set([
  'SAFETY', 'RECITATION', 'BLOCKLIST', 'PROHIBITED_CONTENT', 'SPII',
  'IMAGE_SAFETY', 'IMAGE_PROHIBITED_CONTENT', 'IMAGE_RECITATION', 'IMAGE_OTHER',
]);

/** Gemini says STOP for tool turns too: the candidate's functionCall parts make it tool_calls. */
export function decodeGeminiFinishReason(reason: unknown, hasFunctionCalls: boolean): FinishReason {
  if (reason === 'MAX_TOKENS') return 'length';
  if (typeof reason === 'string' && CONTENT_FILTER.has(reason)) return 'content_filter';
  // MALFORMED_FUNCTION_CALL, UNEXPECTED_TOOL_CALL, LANGUAGE, OTHER, … end the turn like STOP.
  return hasFunctionCalls ? 'tool_calls' : 'stop';
}

export function encodeGeminiFinishReason(reason: FinishReason): string {
  switch (reason) {
    case 'length':
      return 'MAX_TOKENS';
    case 'content_filter':
      return 'SAFETY';
    default:
      return 'STOP';
  }
}
