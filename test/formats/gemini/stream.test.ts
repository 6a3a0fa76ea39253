import { describe, expect, it } from 'vitest';
import type { StreamEvent } from '../../../src/formats/canonical';
import { openAIChatStreamDecoder } from '../../../src/formats/openai-chat';
import {
  geminiStreamDecoder,
  geminiStreamEncoder,
  type GeminiStreamOptions,
} from '../../../src/formats/gemini';
import type { StreamDecoder } from '../../../src/formats/stream-codec';
import { decodeInPieces } from '../../helpers/stream-codec';

// streamGenerateContent ↔ canonical events: a recorded-shape Gemini stream decodes and encodes
// back to the same chunks; OpenAI streams become Gemini chunks with whole function calls.

const decode = (decoder: StreamDecoder, text: string) => decodeInPieces(decoder, text, 7);
const encode = (events: StreamEvent[], model: string, options: GeminiStreamOptions) => {
  const encoder = geminiStreamEncoder(model, options);
  return events.map((e) => encoder.event(e)).join('') + encoder.end();
};
const frames = (chunks: unknown[]) =>
  chunks.map((c) => `data: ${JSON.stringify(c)}\r\n\r\n`).join('');
const parseFrames = (text: string) =>
  text
    .split('\r\n\r\n')
    .filter(Boolean)
    .map((f) => JSON.parse(f.replace(/^data: /, '')));

const meta = { modelVersion: 'gemini-2.5-flash', responseId: 'r-1' };
const geminiChunks = [
  {
    candidates: [{ content: { role: 'model', parts: [{ text: 'Hel' }] }, index: 0 }],
    usageMetadata: { promptTokenCount: 9, totalTokenCount: 9 },
    ...meta,
  },
  {
    candidates: [{ content: { role: 'model', parts: [{ text: 'lo' }] }, index: 0 }],
    usageMetadata: { promptTokenCount: 9, totalTokenCount: 9 },
    ...meta,
  },
  {
    candidates: [
      {
        content: {
          role: 'model',
          parts: [{ functionCall: { name: 'f', args: { q: 'x' } }, thoughtSignature: 'c2ln' }],
        },
        index: 0,
      },
    ],
    usageMetadata: { promptTokenCount: 9, totalTokenCount: 9 },
    ...meta,
  },
  {
    candidates: [{ content: { role: 'model', parts: [] }, finishReason: 'STOP', index: 0 }],
    usageMetadata: { promptTokenCount: 9, candidatesTokenCount: 4, totalTokenCount: 13 },
    ...meta,
  },
];

describe('Gemini stream', () => {
  it('decodes to canonical events: start with prompt tokens, whole calls, finish then usage', () => {
    const events = decode(geminiStreamDecoder(), frames(geminiChunks));
    expect(events.map((e) => e.type)).toEqual([
      'start',
      'text',
      'text',
      'tool_call_start',
      'tool_call_delta',
      'finish',
      'usage',
    ]);
    expect(events[0]).toMatchObject({
      id: 'r-1',
      model: 'gemini-2.5-flash',
      usage: { inputTokens: 9 },
    });
    expect(events[3]).toMatchObject({ name: 'f', signature: 'c2ln' });
    expect(events[4]).toMatchObject({ arguments: '{"q":"x"}' });
    expect(events[5]).toEqual({ type: 'finish', reason: 'tool_calls', rawReason: 'STOP' });
    expect(events[6]).toEqual({ type: 'usage', usage: { inputTokens: 9, outputTokens: 4 } });
  });

  it('round trips: decode → encode gives the same chunks', () => {
    const text = encode(decode(geminiStreamDecoder(), frames(geminiChunks)), 'gemini-2.5-flash', {
      sse: true,
    });
    expect(parseFrames(text)).toEqual(geminiChunks);
  });

  it('accepts LF framing and turns an in-stream error into an error event', () => {
    const events = decode(
      geminiStreamDecoder(),
      `data: ${JSON.stringify(geminiChunks[0])}\n\ndata: {"error":{"code":503,"message":"overloaded","status":"UNAVAILABLE"}}\n\n`,
    );
    expect(events.at(-1)).toEqual({
      type: 'error',
      error: { status: 503, message: 'overloaded', code: 'UNAVAILABLE' },
    });
  });

  it('encodes OpenAI stream deltas as Gemini chunks, the functionCall once complete, usage last', () => {
    const openai = [
      {
        id: 'c1',
        model: 'gpt',
        created: 1,
        choices: [{ index: 0, delta: { role: 'assistant', content: 'Hi' } }],
      },
      {
        id: 'c1',
        model: 'gpt',
        created: 1,
        choices: [
          {
            index: 0,
            delta: {
              tool_calls: [
                {
                  index: 0,
                  id: 'call_1',
                  type: 'function',
                  function: { name: 'f', arguments: '{"a"' },
                },
              ],
            },
          },
        ],
      },
      {
        id: 'c1',
        model: 'gpt',
        created: 1,
        choices: [
          { index: 0, delta: { tool_calls: [{ index: 0, function: { arguments: ':1}' } }] } },
        ],
      },
      {
        id: 'c1',
        model: 'gpt',
        created: 1,
        choices: [{ index: 0, delta: {}, finish_reason: 'tool_calls' }],
      },
      {
        id: 'c1',
        model: 'gpt',
        created: 1,
        choices: [],
        usage: { prompt_tokens: 3, completion_tokens: 2, total_tokens: 5 },
      },
    ];
    const sse = `${openai.map((c) => `data: ${JSON.stringify(c)}\n\n`).join('')}data: [DONE]\n\n`;
    const text = encode(decode(openAIChatStreamDecoder(), sse), 'ep', { sse: true });
    const chunks = parseFrames(text);
    expect(chunks.map((c) => c.candidates[0].content.parts)).toEqual([
      [{ text: 'Hi' }],
      [{ functionCall: { name: 'f', args: { a: 1 }, id: 'call_1' } }],
      [],
    ]);
    expect(chunks.at(-1)).toMatchObject({
      candidates: [{ finishReason: 'STOP' }],
      usageMetadata: { promptTokenCount: 3, candidatesTokenCount: 2, totalTokenCount: 5 },
      responseId: 'c1',
    });
    expect(chunks.every((c) => c.usageMetadata)).toBe(true);
  });

  it('encodes reasoning with its signature, redacted thinking, and the JSON array form', () => {
    const events: StreamEvent[] = [
      { type: 'start', id: 'm1', model: 'claude', created: 1, usage: { inputTokens: 12 } },
      { type: 'reasoning', text: 'hmm' },
      { type: 'reasoning', signature: 'sig' },
      { type: 'reasoning', redacted: 'opaque' },
      { type: 'text', text: 'ok' },
      { type: 'finish', reason: 'length' },
    ];
    const text = encode(events, 'ep', { sse: false });
    const chunks = JSON.parse(text);
    expect(chunks.map((c: any) => c.candidates[0].content.parts)).toEqual([
      [{ text: 'hmm', thought: true }],
      [{ text: '', thought: true, thoughtSignature: 'sig' }],
      [{ text: '', thought: true, thoughtSignature: 'redacted_thinking:opaque' }],
      [{ text: 'ok' }],
      [],
    ]);
    expect(chunks[0].usageMetadata).toEqual({ promptTokenCount: 12, totalTokenCount: 12 });
    expect(chunks.at(-1).candidates[0].finishReason).toBe('MAX_TOKENS');
  });
});
