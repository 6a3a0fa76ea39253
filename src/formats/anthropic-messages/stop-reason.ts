import type { FinishReason } from '../canonical';
import {
  decodeFinishReason,
  encodeFinishReason,
  type DecodedFinishReason,
  type FinishReasonEncoding,
} from '../finish-reason';

// Anthropic stop_reason ↔ canonical finish reason (PROTOCOLS §9.2, §9.3).

/** Every documented stop_reason; the gateway may send each of them to an Anthropic caller. */
const STOP_REASONS = {
  end_turn: 'stop',
  stop_sequence: 'stop',
  pause_turn: 'stop',
  max_tokens: 'length',
  model_context_window_exceeded: 'length',
  tool_use: 'tool_calls',
  refusal: 'content_filter',
} as const satisfies Record<string, FinishReason>;

type StopReason = keyof typeof STOP_REASONS;

/** `other` (a value no table knows) ends the turn like end_turn, the closest Anthropic value. */
const ENCODING: FinishReasonEncoding<StopReason> = {
  stop: 'end_turn',
  length: 'max_tokens',
  tool_calls: 'tool_use',
  content_filter: 'refusal',
  other: 'end_turn',
};

export function decodeStopReason(value: unknown): DecodedFinishReason {
  return decodeFinishReason(STOP_REASONS, value);
}

/** A stop that matched a stop sequence says so: `stop_sequence`. */
export function encodeStopReason(
  reason: FinishReason,
  rawReason: string | undefined,
  stopSequence?: string,
): StopReason {
  const encoded = encodeFinishReason(STOP_REASONS, ENCODING, reason, rawReason);
  return encoded === 'end_turn' && reason === 'stop' && stopSequence ? 'stop_sequence' : encoded;
}
