import { describe, expect, it } from 'vitest';
import { decodeCohereFinishReason } from '../../../src/formats/cohere-v2/finish-reason';

describe('Cohere finish_reason', () => {
  it.each([
    ['COMPLETE', 'stop'],
    ['STOP_SEQUENCE', 'stop'],
    ['MAX_TOKENS', 'length'],
    ['TOOL_CALL', 'tool_calls'],
    ['ERROR', 'stop'],
    ['TIMEOUT', 'stop'],
    ['USER_CANCEL', 'other'],
  ] as const)('decodes %s as %s, keeping it raw', (value, reason) => {
    expect(decodeCohereFinishReason(value)).toEqual({ reason, rawReason: value });
  });

  it('reads a missing finish_reason as a stop', () => {
    expect(decodeCohereFinishReason(undefined)).toEqual({ reason: 'stop' });
  });
});
