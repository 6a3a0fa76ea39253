import type { FinishReason } from '../canonical';
import { decodeFinishReason, type DecodedFinishReason } from '../finish-reason';

// Bedrock stopReason → canonical finish reason (PROTOCOLS §9.2). Bedrock is only ever a provider.

const STOP_REASONS = {
  end_turn: 'stop',
  stop_sequence: 'stop',
  // The model's output could not be parsed: the turn still ended, as it always has.
  malformed_model_output: 'stop',
  malformed_tool_use: 'stop',
  max_tokens: 'length',
  model_context_window_exceeded: 'length',
  tool_use: 'tool_calls',
  guardrail_intervened: 'content_filter',
  content_filtered: 'content_filter',
} as const satisfies Record<string, FinishReason>;

export function decodeBedrockStopReason(value: unknown): DecodedFinishReason {
  return decodeFinishReason(STOP_REASONS, value);
}
