import { describe, expect, it } from 'vitest';
import { decodeBedrockStopReason } from '../../../src/formats/bedrock-converse/stop-reason';

describe('Bedrock stopReason', () => {
  it.each([
    ['end_turn', 'stop'],
    ['stop_sequence', 'stop'],
    ['malformed_model_output', 'stop'],
    ['malformed_tool_use', 'stop'],
    ['max_tokens', 'length'],
    ['model_context_window_exceeded', 'length'],
    ['tool_use', 'tool_calls'],
    ['guardrail_intervened', 'content_filter'],
    ['content_filtered', 'content_filter'],
    ['a_future_reason', 'other'],
  ] as const)('decodes %s as %s, keeping it raw', (value, reason) => {
    expect(decodeBedrockStopReason(value)).toEqual({ reason, rawReason: value });
  });

  it('reads a missing stopReason as a stop', () => {
    expect(decodeBedrockStopReason(undefined)).toEqual({ reason: 'stop' });
  });
});
