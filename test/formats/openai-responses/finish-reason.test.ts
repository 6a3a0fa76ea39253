import { describe, expect, it } from 'vitest';
import {
  decodeResponsesFinishReason,
  statusOf,
} from '../../../src/formats/openai-responses/finish-reason';

const call = { type: 'function_call' };

describe('Responses status and incomplete_details', () => {
  it.each([
    [{ status: 'completed' }, { reason: 'stop', rawReason: 'completed' }],
    [
      { status: 'completed', output: [call] },
      { reason: 'tool_calls', rawReason: 'completed' },
    ],
    [
      { status: 'incomplete', incomplete_details: { reason: 'max_output_tokens' } },
      { reason: 'length', rawReason: 'max_output_tokens' },
    ],
    [
      { status: 'incomplete', incomplete_details: { reason: 'content_filter' }, output: [call] },
      { reason: 'content_filter', rawReason: 'content_filter' },
    ],
    [
      { status: 'incomplete', incomplete_details: null },
      { reason: 'length', rawReason: 'incomplete' },
    ],
    [
      { status: 'incomplete', incomplete_details: { reason: 'max_tool_calls' } },
      { reason: 'other', rawReason: 'max_tool_calls' },
    ],
    [{ status: 'failed' }, { reason: 'stop', rawReason: 'failed' }],
    [{ status: 'paused' }, { reason: 'other', rawReason: 'paused' }],
    [
      { status: 'paused', output: [call] },
      { reason: 'tool_calls', rawReason: 'paused' },
    ],
    [{}, { reason: 'stop' }],
  ])('decodes %j', (body, decoded) => {
    expect(decodeResponsesFinishReason(body)).toEqual(decoded);
  });

  it.each([
    ['stop', 'completed', null],
    ['tool_calls', 'completed', null],
    ['length', 'incomplete', { reason: 'max_output_tokens' }],
    ['content_filter', 'incomplete', { reason: 'content_filter' }],
    ['other', 'completed', null],
  ] as const)('encodes %s as status %s', (reason, status, details) => {
    expect(statusOf(reason)).toEqual({ status, incomplete_details: details });
  });

  it('gives a Responses provider’s own value back, and never a status the gateway does not send', () => {
    expect(statusOf('content_filter', 'content_filter')).toEqual({
      status: 'incomplete',
      incomplete_details: { reason: 'content_filter' },
    });
    expect(statusOf('length', 'incomplete')).toEqual({
      status: 'incomplete',
      incomplete_details: { reason: 'max_output_tokens' },
    });
    expect(statusOf('stop', 'failed')).toEqual({ status: 'completed', incomplete_details: null });
    expect(statusOf('other', 'max_tool_calls')).toEqual({
      status: 'completed',
      incomplete_details: null,
    });
  });
});
