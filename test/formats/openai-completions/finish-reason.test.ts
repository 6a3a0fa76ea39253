import { describe, expect, it } from 'vitest';
import { encodeCompletionFinishReason } from '../../../src/formats/openai-completions/finish-reason';

describe('legacy completions finish_reason', () => {
  it.each([
    ['stop', 'stop'],
    ['length', 'length'],
    ['tool_calls', 'stop'],
    ['content_filter', 'content_filter'],
    ['other', 'stop'],
  ] as const)('encodes %s as %s', (reason, value) => {
    expect(encodeCompletionFinishReason(reason, undefined)).toBe(value);
  });

  it('ignores a raw value completions do not have', () => {
    expect(encodeCompletionFinishReason('tool_calls', 'tool_calls')).toBe('stop');
    expect(encodeCompletionFinishReason('other', 'eos_token')).toBe('stop');
  });
});
