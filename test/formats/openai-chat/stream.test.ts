import { describe, expect, it } from 'vitest';
import type { ChatRequest, StreamEvent } from '../../../src/formats/canonical';
import { openAIChatStreamDecoder, openAIChatStreamEncoder } from '../../../src/formats/openai-chat';

// The OpenAI chat stream codec: decode(real-shaped chunks) → encode gives the same stream back,
// even when frames straddle network chunks.

const base = {
  id: 'chatcmpl-abc',
  object: 'chat.completion.chunk',
  created: 1730000000,
  model: 'gpt-x',
};
const frame = (choices: unknown[], extra: Record<string, unknown> = {}) =>
  `data: ${JSON.stringify({ ...base, choices, ...extra })}\n\n`;
const upstream = [
  frame([{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }]),
  frame([{ index: 0, delta: { content: 'Hel' }, finish_reason: null }]),
  frame([{ index: 0, delta: { content: 'lo' }, finish_reason: null }]),
  frame([
    {
      index: 0,
      delta: {
        tool_calls: [
          {
            index: 0,
            id: 'call_1',
            type: 'function',
            function: { name: 'get_weather', arguments: '' },
          },
        ],
      },
      finish_reason: null,
    },
  ]),
  frame([
    {
      index: 0,
      delta: { tool_calls: [{ index: 0, function: { arguments: '{"city":' } }] },
      finish_reason: null,
    },
  ]),
  frame([
    {
      index: 0,
      delta: { tool_calls: [{ index: 0, function: { arguments: '"Paris"}' } }] },
      finish_reason: null,
    },
  ]),
  frame([{ index: 0, delta: {}, finish_reason: 'tool_calls' }]),
  frame([], { usage: { prompt_tokens: 9, completion_tokens: 5, total_tokens: 14 } }),
  'data: [DONE]\n\n',
].join('');

const request = (includeUsage: boolean): ChatRequest => ({
  model: 'e',
  messages: [],
  stream: true,
  includeUsage,
  extra: {},
});

function decodeInPieces(text: string, size: number): StreamEvent[] {
  const decoder = openAIChatStreamDecoder();
  const bytes = new TextEncoder().encode(text);
  const events: StreamEvent[] = [];
  for (let i = 0; i < bytes.length; i += size)
    events.push(...decoder.push(bytes.subarray(i, i + size)));
  return [...events, ...decoder.end()];
}

describe('OpenAI chat stream codec', () => {
  it('decodes text, tool-call deltas, finish and usage, whatever the chunking', () => {
    const whole = decodeInPieces(upstream, upstream.length);
    expect(decodeInPieces(upstream, 7)).toEqual(whole);
    expect(whole.map((e) => e.type)).toEqual([
      'start',
      'text',
      'text',
      'tool_call_start',
      'tool_call_delta',
      'tool_call_delta',
      'finish',
      'usage',
    ]);
    expect(whole.find((e) => e.type === 'usage')).toEqual({
      type: 'usage',
      usage: { inputTokens: 9, outputTokens: 5 },
    });
  });

  it('round-trips: decoding then encoding gives the same chunks back', () => {
    const encoder = openAIChatStreamEncoder(request(true), 'gpt-x');
    const events = decodeInPieces(upstream, 13);
    const out = events.map((e) => encoder.event(e)).join('') + encoder.end();
    const parse = (text: string) =>
      text
        .split('\n\n')
        .filter(Boolean)
        .map((f) => (f === 'data: [DONE]' ? f : JSON.parse(f.slice(6))));
    const strip = (c: any) =>
      typeof c === 'string'
        ? c
        : {
            choices: c.choices.map(({ logprobs, ...rest }: any) => rest),
            usage: c.usage
              ? {
                  prompt_tokens: c.usage.prompt_tokens,
                  completion_tokens: c.usage.completion_tokens,
                }
              : undefined,
            id: c.id,
          };
    expect(parse(out).map(strip)).toEqual(parse(upstream).map(strip));
  });

  it('writes text chunks exactly as OpenAI does, key for key, whatever the text holds', () => {
    for (const includeUsage of [true, false]) {
      const encoder = openAIChatStreamEncoder(request(includeUsage), 'gpt-x');
      encoder.event({ type: 'start', id: 'chatcmpl-abc', model: 'gpt-x', created: 1730000000 });
      for (const text of ['Hel', 'a "quoted" \\ line\n', 'ü ✓ \u2028 \u0000', '']) {
        const expected = `data: ${JSON.stringify({
          ...base,
          choices: [{ index: 0, delta: { content: text }, finish_reason: null, logprobs: null }],
          ...(includeUsage ? { usage: null } : {}),
        })}\n\n`;
        expect(encoder.event({ type: 'text', text })).toBe(expected);
      }
    }
  });

  it('hides usage from a caller that did not ask for it, and turns an error chunk into an error frame', () => {
    const encoder = openAIChatStreamEncoder(request(false), 'gpt-x');
    const out =
      decodeInPieces(upstream, 50)
        .map((e) => encoder.event(e))
        .join('') + encoder.end();
    expect(out).not.toContain('"usage"');
    const failing = openAIChatStreamEncoder(request(false), 'gpt-x');
    const error =
      failing.event({ type: 'error', error: { status: 429, message: 'slow down' } }) +
      failing.end();
    expect(JSON.parse(error.slice(6).trim())).toEqual({
      error: { message: 'slow down', type: 'rate_limit_error', code: null },
    });
  });
});
