import { describe, expect, it } from 'vitest';
import {
  decodeStopReason,
  encodeStopReason,
} from '../../../src/formats/anthropic-messages/stop-reason';

describe('Anthropic stop_reason', () => {
  it.each([
    ['end_turn', 'stop'],
    ['stop_sequence', 'stop'],
    ['pause_turn', 'stop'],
    ['max_tokens', 'length'],
    ['model_context_window_exceeded', 'length'],
    ['tool_use', 'tool_calls'],
    ['refusal', 'content_filter'],
    ['compaction_needed', 'other'],
  ] as const)('decodes %s as %s, keeping it raw', (value, reason) => {
    expect(decodeStopReason(value)).toEqual({ reason, rawReason: value });
  });

  it('reads a missing stop_reason as a stop', () => {
    expect(decodeStopReason(null)).toEqual({ reason: 'stop' });
  });

  it.each([
    ['stop', 'end_turn'],
    ['length', 'max_tokens'],
    ['tool_calls', 'tool_use'],
    ['content_filter', 'refusal'],
    ['other', 'end_turn'],
  ] as const)('encodes %s as %s', (reason, value) => {
    expect(encodeStopReason(reason, undefined)).toBe(value);
  });

  it('says stop_sequence when a stop sequence matched', () => {
    expect(encodeStopReason('stop', undefined, '###')).toBe('stop_sequence');
  });

  it('gives an Anthropic provider’s own value back, and no other dialect’s', () => {
    expect(encodeStopReason('stop', 'pause_turn')).toBe('pause_turn');
    expect(encodeStopReason('length', 'model_context_window_exceeded')).toBe(
      'model_context_window_exceeded',
    );
    expect(encodeStopReason('length', 'MAX_TOKENS')).toBe('max_tokens');
    expect(encodeStopReason('other', 'compaction_needed')).toBe('end_turn');
  });
});
