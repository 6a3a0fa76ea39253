import { describe, expect, it } from 'vitest';
import {
  decodeOpenAIFinishReason,
  encodeOpenAIFinishReason,
} from '../../../src/formats/openai-chat/finish-reason';

describe('OpenAI chat finish_reason', () => {
  it.each([
    ['stop', 'stop'],
    ['length', 'length'],
    ['tool_calls', 'tool_calls'],
    ['function_call', 'tool_calls'],
    ['content_filter', 'content_filter'],
    ['eos_token', 'other'],
  ] as const)('decodes %s as %s, keeping it raw', (value, reason) => {
    expect(decodeOpenAIFinishReason(value)).toEqual({ reason, rawReason: value });
  });

  it('reads a null finish_reason as a stop', () => {
    expect(decodeOpenAIFinishReason(null)).toEqual({ reason: 'stop' });
  });

  it.each([
    ['stop', 'stop'],
    ['length', 'length'],
    ['tool_calls', 'tool_calls'],
    ['content_filter', 'content_filter'],
    ['other', 'stop'],
  ] as const)('encodes %s as %s', (reason, value) => {
    expect(encodeOpenAIFinishReason(reason, undefined)).toBe(value);
  });

  it('never sends the legacy function_call, nor another dialect’s value', () => {
    expect(encodeOpenAIFinishReason('tool_calls', 'function_call')).toBe('tool_calls');
    expect(encodeOpenAIFinishReason('other', 'eos_token')).toBe('stop');
    expect(encodeOpenAIFinishReason('tool_calls', 'tool_use')).toBe('tool_calls');
  });
});
