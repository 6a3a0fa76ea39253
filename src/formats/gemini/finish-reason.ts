import type { FinishReason } from '../canonical';
import {
  decodeFinishReason,
  encodeFinishReason,
  type DecodedFinishReason,
  type FinishReasonEncoding,
} from '../finish-reason';

// Gemini finishReason ↔ canonical (PROTOCOLS §9.2, §9.3).

/** Every documented finishReason; the gateway may send each of them to a Gemini caller. */
const FINISH_REASONS = {
  STOP: 'stop',
  MAX_TOKENS: 'length',
  SAFETY: 'content_filter',
  RECITATION: 'content_filter',
  BLOCKLIST: 'content_filter',
  PROHIBITED_CONTENT: 'content_filter',
  SPII: 'content_filter',
  IMAGE_SAFETY: 'content_filter',
  IMAGE_PROHIBITED_CONTENT: 'content_filter',
  IMAGE_RECITATION: 'content_filter',
  IMAGE_OTHER: 'content_filter',
  // Documented endings that are neither a limit nor a filter end the turn like STOP.
  LANGUAGE: 'stop',
  OTHER: 'stop',
  MALFORMED_FUNCTION_CALL: 'stop',
  UNEXPECTED_TOOL_CALL: 'stop',
  TOO_MANY_TOOL_CALLS: 'stop',
  NO_IMAGE: 'stop',
  CONTINUATION: 'stop',
  FINISH_REASON_UNSPECIFIED: 'stop',
} as const satisfies Record<string, FinishReason>;

type GeminiFinishReason = keyof typeof FINISH_REASONS;

/** Tool turns say STOP, as Gemini's own do; `other` (a value no table knows) is Gemini's own OTHER. */
const ENCODING: FinishReasonEncoding<GeminiFinishReason> = {
  stop: 'STOP',
  length: 'MAX_TOKENS',
  tool_calls: 'STOP',
  content_filter: 'SAFETY',
  other: 'OTHER',
};

/** Gemini says STOP for tool turns too: the candidate's functionCall parts make a turn that ended (or ended oddly) tool_calls. */
export function decodeGeminiFinishReason(
  value: unknown,
  hasFunctionCalls: boolean,
): DecodedFinishReason {
  const decoded = decodeFinishReason(FINISH_REASONS, value);
  const ended = decoded.reason === 'stop' || decoded.reason === 'other';
  return hasFunctionCalls && ended ? { ...decoded, reason: 'tool_calls' } : decoded;
}

export function encodeGeminiFinishReason(
  reason: FinishReason,
  rawReason: string | undefined,
): GeminiFinishReason {
  return encodeFinishReason(FINISH_REASONS, ENCODING, reason, rawReason);
}
