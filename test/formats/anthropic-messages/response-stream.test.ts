import { describe, expect, it } from 'vitest';
import {
  anthropicStreamDecoder,
  anthropicStreamEncoder,
  decodeMessagesResponse,
  encodeMessagesResponse,
} from '../../../src/formats/anthropic-messages';
import type { ChatRequest } from '../../../src/formats/canonical';
import { decodeInPieces as decode } from '../../helpers/stream-codec';

// Anthropic responses and streams round-trip through the canonical form unchanged.

const response = {
  id: 'msg_01XFDUDYJgAACzvnptvVoYEL',
  type: 'message',
  role: 'assistant',
  model: 'claude-sonnet-4-5-20250929',
  content: [
    { type: 'thinking', thinking: 'The user wants the weather.', signature: 'EqQBCkYIBxgCKkB==' },
    { type: 'redacted_thinking', data: 'EmwKAhgBEgy3va3pzix' },
    { type: 'text', text: 'I will check.' },
    {
      type: 'tool_use',
      id: 'toolu_01A09q90qw90lq917835lq9',
      name: 'get_weather',
      input: { city: 'Paris', unit: 'c' },
    },
  ],
  stop_reason: 'tool_use',
  stop_sequence: null,
  usage: {
    input_tokens: 472,
    cache_creation_input_tokens: 1024,
    cache_read_input_tokens: 2048,
    output_tokens: 89,
  },
};

describe('Anthropic response codec', () => {
  it.each([
    ['thinking, redacted thinking, text and a tool call with cache usage', response],
    [
      'a stop sequence',
      {
        ...response,
        content: [{ type: 'text', text: 'One, two' }],
        stop_reason: 'stop_sequence',
        stop_sequence: 'three',
      },
    ],
    [
      'max_tokens',
      { ...response, content: [{ type: 'text', text: 'cut' }], stop_reason: 'max_tokens' },
    ],
    ['a refusal', { ...response, content: [], stop_reason: 'refusal' }],
    [
      'a paused server-tool turn',
      { ...response, content: [{ type: 'text', text: 'Searching.' }], stop_reason: 'pause_turn' },
    ],
  ])('round-trips %s', (_name, body) => {
    expect(encodeMessagesResponse(decodeMessagesResponse(body), body.model)).toEqual(body);
  });

  it('reports canonical usage with cache reads and writes inside input tokens', () => {
    expect(decodeMessagesResponse(response).usage).toEqual({
      inputTokens: 3544,
      outputTokens: 89,
      cacheReadTokens: 2048,
      cacheWriteTokens: 1024,
    });
  });
});

const ev = (type: string, data: Record<string, unknown>) =>
  `event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`;
/** A real-shaped stream: thinking with a signature, redacted thinking, text, two tool calls. */
const stream = [
  ev('message_start', {
    message: {
      id: 'msg_1',
      type: 'message',
      role: 'assistant',
      model: 'claude-sonnet-4-5',
      content: [],
      stop_reason: null,
      stop_sequence: null,
      usage: {
        input_tokens: 25,
        cache_creation_input_tokens: 0,
        cache_read_input_tokens: 400,
        output_tokens: 1,
      },
    },
  }),
  ev('ping', {}),
  ev('content_block_start', {
    index: 0,
    content_block: { type: 'thinking', thinking: '', signature: '' },
  }),
  ev('content_block_delta', {
    index: 0,
    delta: { type: 'thinking_delta', thinking: 'Two cities' },
  }),
  ev('content_block_delta', {
    index: 0,
    delta: { type: 'thinking_delta', thinking: ', two calls.' },
  }),
  ev('content_block_delta', {
    index: 0,
    delta: { type: 'signature_delta', signature: 'EqQBCkYIBxgC' },
  }),
  ev('content_block_stop', { index: 0 }),
  ev('content_block_start', {
    index: 1,
    content_block: { type: 'redacted_thinking', data: 'EmwKAhgB' },
  }),
  ev('content_block_stop', { index: 1 }),
  ev('content_block_start', { index: 2, content_block: { type: 'text', text: '' } }),
  ev('content_block_delta', { index: 2, delta: { type: 'text_delta', text: 'Checking ' } }),
  ev('content_block_delta', { index: 2, delta: { type: 'text_delta', text: 'both.' } }),
  ev('content_block_stop', { index: 2 }),
  ev('content_block_start', {
    index: 3,
    content_block: { type: 'tool_use', id: 'toolu_A', name: 'get_weather', input: {} },
  }),
  ev('content_block_delta', {
    index: 3,
    delta: { type: 'input_json_delta', partial_json: '{"city": "Pa' },
  }),
  ev('content_block_delta', {
    index: 3,
    delta: { type: 'input_json_delta', partial_json: 'ris"}' },
  }),
  ev('content_block_stop', { index: 3 }),
  ev('content_block_start', {
    index: 4,
    content_block: { type: 'tool_use', id: 'toolu_B', name: 'get_weather', input: {} },
  }),
  ev('content_block_delta', {
    index: 4,
    delta: { type: 'input_json_delta', partial_json: '{"city": "Rome"}' },
  }),
  ev('content_block_stop', { index: 4 }),
  ev('message_delta', {
    delta: { stop_reason: 'tool_use', stop_sequence: null },
    usage: {
      input_tokens: 25,
      cache_creation_input_tokens: 0,
      cache_read_input_tokens: 400,
      output_tokens: 87,
    },
  }),
  ev('message_stop', {}),
].join('');

const req: ChatRequest = { model: 'e', messages: [], stream: true, extra: {} };

const decodeInPieces = (text: string, size: number) => decode(anthropicStreamDecoder(), text, size);

describe('Anthropic stream codec', () => {
  it('decodes every block kind whatever the network chunking, usage merged from message_start and message_delta', () => {
    const whole = decodeInPieces(stream, stream.length);
    expect(decodeInPieces(stream, 5)).toEqual(whole);
    expect(whole.map((e) => e.type)).toEqual([
      'start',
      'reasoning',
      'reasoning',
      'reasoning',
      'reasoning',
      'text',
      'text',
      'tool_call_start',
      'tool_call_delta',
      'tool_call_delta',
      'tool_call_start',
      'tool_call_delta',
      'finish',
      'usage',
    ]);
    expect(whole.at(-1)).toEqual({
      type: 'usage',
      usage: { inputTokens: 425, outputTokens: 87, cacheReadTokens: 400, cacheWriteTokens: 0 },
    });
  });

  it('round-trips: decoding then encoding gives the same events back', () => {
    const encoder = anthropicStreamEncoder(req, 'claude-sonnet-4-5');
    const out =
      decodeInPieces(stream, 9)
        .map((e) => encoder.event(e))
        .join('') + encoder.end();
    expect(out).toBe(stream);
  });

  it('merges output-only message_delta usage (older API) over message_start input counts', () => {
    const older = stream.replace(
      /"usage":\{"input_tokens":25,"cache_creation_input_tokens":0,"cache_read_input_tokens":400,"output_tokens":87\}/,
      '"usage":{"output_tokens":87}',
    );
    expect(decodeInPieces(older, 64).at(-1)).toEqual({
      type: 'usage',
      usage: { inputTokens: 425, outputTokens: 87, cacheReadTokens: 400, cacheWriteTokens: 0 },
    });
  });

  it('closes a stream the provider ended without a finish with a proper message_delta and message_stop', () => {
    const encoder = anthropicStreamEncoder(req, 'gpt', { estimatedInputTokens: 12 });
    const out = encoder.event({ type: 'text', text: 'hi' }) + encoder.end();
    expect(out).toContain('"usage":{"input_tokens":12,');
    expect(out).toMatch(
      /event: content_block_stop\n.*\n\nevent: message_delta\ndata: \{"type":"message_delta","delta":\{"stop_reason":"end_turn","stop_sequence":null\}/,
    );
    expect(out.endsWith('event: message_stop\ndata: {"type":"message_stop"}\n\n')).toBe(true);
  });
});
