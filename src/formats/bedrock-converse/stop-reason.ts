import type { FinishReason } from '../canonical';

// Bedrock stopReason → canonical finish reason (PROTOCOLS §9.2).

export function decodeBedrockStopReason(reason: unknown): FinishReason {
  switch (reason) {
    case 'max_tokens':
    case 'model_context_window_exceeded':
      return 'length';
    case 'tool_use':
      return 'tool_calls';
    case 'guardrail_intervened':
    case 'content_filtered':
      return 'content_filter';
    default:
      // end_turn, stop_sequence, malformed_model_output, malformed_tool_use
      return 'stop';
  }
}
