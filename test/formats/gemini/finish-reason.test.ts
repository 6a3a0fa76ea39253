import { describe, expect, it } from 'vitest';
import {
  decodeGeminiFinishReason,
  encodeGeminiFinishReason,
} from '../../../src/formats/gemini/finish-reason';

describe('Gemini finishReason', () => {
  it.each([
    ['STOP', 'stop'],
    ['MAX_TOKENS', 'length'],
    ...[
      'SAFETY',
      'RECITATION',
      'BLOCKLIST',
      'PROHIBITED_CONTENT',
      'SPII',
      'IMAGE_SAFETY',
      'IMAGE_PROHIBITED_CONTENT',
      'IMAGE_RECITATION',
      'IMAGE_OTHER',
    ].map((v) => [v, 'content_filter']),
    ...[
      'LANGUAGE',
      'OTHER',
      'MALFORMED_FUNCTION_CALL',
      'UNEXPECTED_TOOL_CALL',
      'TOO_MANY_TOOL_CALLS',
      'NO_IMAGE',
      'CONTINUATION',
      'FINISH_REASON_UNSPECIFIED',
    ].map((v) => [v, 'stop']),
    ['A_FUTURE_REASON', 'other'],
  ])('decodes %s as %s, keeping it raw', (value, reason) => {
    expect(decodeGeminiFinishReason(value, false)).toEqual({ reason, rawReason: value });
  });

  it('makes a turn with function calls tool_calls unless a limit or a filter ended it', () => {
    expect(decodeGeminiFinishReason('STOP', true)).toEqual({
      reason: 'tool_calls',
      rawReason: 'STOP',
    });
    expect(decodeGeminiFinishReason('A_FUTURE_REASON', true)).toEqual({
      reason: 'tool_calls',
      rawReason: 'A_FUTURE_REASON',
    });
    expect(decodeGeminiFinishReason('MAX_TOKENS', true).reason).toBe('length');
    expect(decodeGeminiFinishReason('SAFETY', true).reason).toBe('content_filter');
  });

  it.each([
    ['stop', 'STOP'],
    ['length', 'MAX_TOKENS'],
    ['tool_calls', 'STOP'],
    ['content_filter', 'SAFETY'],
    ['other', 'OTHER'],
  ] as const)('encodes %s as %s', (reason, value) => {
    expect(encodeGeminiFinishReason(reason, undefined)).toBe(value);
  });

  it('gives a Gemini provider’s own value back, and no other dialect’s', () => {
    expect(encodeGeminiFinishReason('content_filter', 'RECITATION')).toBe('RECITATION');
    expect(encodeGeminiFinishReason('stop', 'OTHER')).toBe('OTHER');
    expect(encodeGeminiFinishReason('tool_calls', 'STOP')).toBe('STOP');
    expect(encodeGeminiFinishReason('length', 'max_tokens')).toBe('MAX_TOKENS');
    expect(encodeGeminiFinishReason('other', 'A_FUTURE_REASON')).toBe('OTHER');
  });
});
