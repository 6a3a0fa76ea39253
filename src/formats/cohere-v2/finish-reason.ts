import type { FinishReason } from '../canonical';
import { decodeFinishReason, type DecodedFinishReason } from '../finish-reason';

// Cohere finish_reason → canonical (PROTOCOLS §9.2). Cohere is only ever a provider.

/** ERROR and TIMEOUT are failures, not endings: before any output they become errors (stream.ts, the provider). */
export const COHERE_FAILURES = new Set(['ERROR', 'TIMEOUT']);

const FINISH_REASONS = {
  COMPLETE: 'stop',
  STOP_SEQUENCE: 'stop',
  MAX_TOKENS: 'length',
  TOOL_CALL: 'tool_calls',
  // After some output, a failure just ends the answer.
  ERROR: 'stop',
  TIMEOUT: 'stop',
} as const satisfies Record<string, FinishReason>;

export function decodeCohereFinishReason(value: unknown): DecodedFinishReason {
  return decodeFinishReason(FINISH_REASONS, value);
}
