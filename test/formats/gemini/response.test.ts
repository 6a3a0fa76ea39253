import { describe, expect, it } from 'vitest';
import { decodeChatResponse, encodeChatResponse } from '../../../src/formats/openai-chat';
import {
  decodeGeminiResponse,
  encodeGeminiResponse,
  splitCallId,
} from '../../../src/formats/gemini';

// GenerateContentResponse ↔ canonical: round trips, finish reasons, usage arithmetic, signatures.

const roundTrip = (body: any) =>
  encodeGeminiResponse(decodeGeminiResponse(structuredClone(body)), body.modelVersion);

const corpus: Record<string, any> = {
  text: {
    candidates: [
      {
        content: { role: 'model', parts: [{ text: 'Hello there' }] },
        finishReason: 'STOP',
        index: 0,
      },
    ],
    usageMetadata: { promptTokenCount: 5, candidatesTokenCount: 3, totalTokenCount: 8 },
    modelVersion: 'gemini-2.5-flash',
    responseId: 'resp-1',
  },
  'thoughts, cache and a signed function call': {
    candidates: [
      {
        content: {
          role: 'model',
          parts: [
            { text: 'thinking about weather', thought: true },
            { text: 'Checking.', thoughtSignature: 'U0lHLXRleHQ=' },
            {
              functionCall: { name: 'get_weather', args: { city: 'Paris' } },
              thoughtSignature: 'U0lHLWNhbGw=',
            },
          ],
        },
        finishReason: 'STOP',
        index: 0,
      },
    ],
    usageMetadata: {
      promptTokenCount: 100,
      candidatesTokenCount: 20,
      totalTokenCount: 150,
      cachedContentTokenCount: 60,
      thoughtsTokenCount: 30,
    },
    modelVersion: 'gemini-3-pro',
    responseId: 'resp-2',
  },
  'max tokens': {
    candidates: [
      {
        content: { role: 'model', parts: [{ text: 'cut' }] },
        finishReason: 'MAX_TOKENS',
        index: 0,
      },
    ],
    usageMetadata: { promptTokenCount: 1, candidatesTokenCount: 1, totalTokenCount: 2 },
    modelVersion: 'm',
    responseId: 'r',
  },
};

describe('Gemini response round trip', () => {
  it.each(Object.entries(corpus))('%s', (_name, body) => {
    expect(roundTrip(body)).toEqual(body);
  });
});

describe('Gemini response decoding', () => {
  it('maps STOP with function calls to tool_calls and sums thoughts into output tokens', () => {
    const res = decodeGeminiResponse(corpus['thoughts, cache and a signed function call']);
    expect(res.finishReason).toBe('tool_calls');
    expect(res.usage).toEqual({
      inputTokens: 100,
      outputTokens: 50,
      cacheReadTokens: 60,
      reasoningTokens: 30,
    });
    expect(res.content.map((p) => p.type)).toEqual(['reasoning', 'reasoning', 'text', 'tool_call']);
    expect(res.content[0]).toEqual({ type: 'reasoning', text: 'thinking about weather' });
    expect(res.content[1]).toEqual({ type: 'reasoning', text: '', signature: 'U0lHLXRleHQ=' });
  });

  it('folds the thoughtSignature into the call id so an OpenAI caller carries it back', () => {
    const res = decodeGeminiResponse(corpus['thoughts, cache and a signed function call']);
    const call = res.content.find((p) => p.type === 'tool_call') as any;
    const openai = encodeChatResponse(res, 'ep') as any;
    const id = openai.choices[0].message.tool_calls[0].id;
    expect(id).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(splitCallId(id).signature).toBe('U0lHLWNhbGw=');
    expect(call.signature).toBe('U0lHLWNhbGw=');
  });

  it.each([
    ['SAFETY', 'content_filter'],
    ['RECITATION', 'content_filter'],
    ['PROHIBITED_CONTENT', 'content_filter'],
    ['IMAGE_SAFETY', 'content_filter'],
    ['SPII', 'content_filter'],
    ['MALFORMED_FUNCTION_CALL', 'stop'],
    ['OTHER', 'stop'],
  ])('maps %s to %s', (reason, expected) => {
    expect(
      decodeGeminiResponse({ candidates: [{ content: { parts: [] }, finishReason: reason }] })
        .finishReason,
    ).toBe(expected);
  });

  it('treats a prompt blocked up front as content_filter', () => {
    const res = decodeGeminiResponse({
      promptFeedback: { blockReason: 'SAFETY' },
      usageMetadata: { promptTokenCount: 4, totalTokenCount: 4 },
    });
    expect(res.finishReason).toBe('content_filter');
    expect(res.content).toEqual([]);
  });

  it('skips parts canonical has no place for instead of failing', () => {
    const res = decodeGeminiResponse({
      candidates: [
        {
          content: { parts: [{ executableCode: { code: 'x' } }, { text: 'ok' }] },
          finishReason: 'STOP',
        },
      ],
    });
    expect(res.content).toEqual([{ type: 'text', text: 'ok' }]);
  });
});

describe('cross-format goldens', () => {
  it('OpenAI chat.completion with tool calls → Gemini response', () => {
    const res = decodeChatResponse({
      id: 'chatcmpl-1',
      model: 'gpt',
      created: 1,
      choices: [
        {
          index: 0,
          finish_reason: 'tool_calls',
          message: {
            role: 'assistant',
            content: 'Let me check',
            tool_calls: [
              { id: 'call_9', type: 'function', function: { name: 'f', arguments: '{"a":1}' } },
            ],
          },
        },
      ],
      usage: {
        prompt_tokens: 10,
        completion_tokens: 8,
        total_tokens: 18,
        prompt_tokens_details: { cached_tokens: 4 },
        completion_tokens_details: { reasoning_tokens: 2 },
      },
    });
    expect(encodeGeminiResponse(res, 'ep')).toEqual({
      candidates: [
        {
          content: {
            role: 'model',
            parts: [
              { text: 'Let me check' },
              { functionCall: { name: 'f', args: { a: 1 }, id: 'call_9' } },
            ],
          },
          finishReason: 'STOP',
          index: 0,
        },
      ],
      usageMetadata: {
        promptTokenCount: 10,
        candidatesTokenCount: 6,
        thoughtsTokenCount: 2,
        cachedContentTokenCount: 4,
        totalTokenCount: 18,
      },
      modelVersion: 'ep',
      responseId: 'chatcmpl-1',
    });
  });

  it('Gemini response → OpenAI chat.completion', () => {
    const openai = encodeChatResponse(decodeGeminiResponse(corpus['max tokens']), 'ep') as any;
    expect(openai.choices[0]).toMatchObject({
      finish_reason: 'length',
      message: { content: 'cut' },
    });
    expect(openai.usage).toMatchObject({ prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 });
  });
});
