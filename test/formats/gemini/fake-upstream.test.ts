import { describe, expect, it } from 'vitest';
import type { ChatRequest } from '../../../src/formats/canonical';
import {
  decodeGeminiResponse,
  encodeGeminiRequest,
  geminiStreamDecoder,
  type GeminiEncodeOptions,
} from '../../../src/formats/gemini';
import { decodeChatRequest, encodeChatResponse } from '../../../src/formats/openai-chat';
import { fakeCallSignature, fakeGemini } from '../../fakes/gemini-upstream';
import { decodeInPieces } from '../../helpers/stream-codec';

// The codec's requests as a Gemini provider sees them (the fake checks what Google checks): what
// an OpenAI caller sends reaches Gemini valid, and a Gemini 3 thoughtSignature survives the
// round trip through an OpenAI client that only echoes tool-call ids.

const fake = fakeGemini({
  reply(body) {
    const last = body.contents.at(-1);
    const result = last.parts.find((p: any) => p.functionResponse);
    if (result) return { text: `result: ${JSON.stringify(result.functionResponse.response)}` };
    if (body.tools) return { toolCalls: [{ name: 'get_weather', args: { city: 'Paris' } }] };
    return { text: 'hi' };
  },
});

async function send(
  req: ChatRequest,
  model: string,
  options: GeminiEncodeOptions = {},
  method = 'generateContent',
) {
  const body = encodeGeminiRequest(req, { model, ...options });
  const res = await fake(
    new Request(`https://vertex.fake/${model}:${method}?alt=sse`, {
      method: 'POST',
      body: JSON.stringify(body),
    }),
    model,
    method,
  );
  return { res, body };
}

const tools = [
  {
    type: 'function',
    function: {
      name: 'get_weather',
      parameters: {
        $schema: 'http://json-schema.org/draft-07/schema#',
        type: 'object',
        additionalProperties: false,
        properties: { city: { type: 'string' } },
      },
    },
  },
];

describe('Gemini codec against the fake Gemini server', () => {
  it('carries a Gemini 3 thoughtSignature through an OpenAI caller that only echoes the call id', async () => {
    const first = decodeChatRequest({
      model: 'ep',
      messages: [{ role: 'user', content: 'Weather?' }],
      tools,
      reasoning_effort: 'high',
    });
    const { res, body } = await send(first, 'gemini-3-pro');
    expect(res.status).toBe(200);
    expect((body.generationConfig as any).thinkingConfig).toEqual({ thinkingLevel: 'high' });
    const openai = encodeChatResponse(decodeGeminiResponse(await res.json()), 'ep') as any;
    const call = openai.choices[0].message.tool_calls[0];
    expect(openai.choices[0].finish_reason).toBe('tool_calls');
    const second = decodeChatRequest({
      model: 'ep',
      tools,
      messages: [
        { role: 'user', content: 'Weather?' },
        {
          role: 'assistant',
          content: null,
          tool_calls: [{ id: call.id, type: 'function', function: call.function }],
        },
        { role: 'tool', tool_call_id: call.id, content: 'sunny' },
      ],
    });
    const next = await send(second, 'gemini-3-pro');
    expect((next.body.contents as any)[1].parts[0]).toEqual({
      functionCall: { name: 'get_weather', args: { city: 'Paris' } },
      thoughtSignature: fakeCallSignature('get_weather'),
    });
    expect(next.res.status).toBe(200);
    expect(decodeGeminiResponse(await next.res.json()).content).toEqual([
      { type: 'text', text: 'result: {"result":"sunny"}' },
    ]);
  });

  it('rejects a Gemini 3 history whose function call lost its signature (the fake can fail)', async () => {
    const req = decodeChatRequest({
      model: 'ep',
      messages: [
        { role: 'user', content: 'Weather?' },
        {
          role: 'assistant',
          content: null,
          tool_calls: [
            {
              id: 'call_plain',
              type: 'function',
              function: { name: 'get_weather', arguments: '{}' },
            },
          ],
        },
        { role: 'tool', tool_call_id: 'call_plain', content: 'sunny' },
      ],
    });
    expect((await send(req, 'gemini-3-pro')).res.status).toBe(400);
    expect((await send(req, 'gemini-2.5-flash')).res.status).toBe(200);
  });

  it('sends OpenAPI `parameters` stripped of what Gemini rejects, and budgets to Gemini 2.x', async () => {
    const req = decodeChatRequest({
      model: 'ep',
      messages: [{ role: 'user', content: 'Weather?' }],
      tools,
      reasoning_effort: 'low',
    });
    const { res, body } = await send(req, 'gemini-2.5-flash', { openApiSchemas: true });
    expect(res.status).toBe(200);
    expect((body.tools as any)[0].functionDeclarations[0].parameters).toEqual({
      type: 'object',
      properties: { city: { type: 'string' } },
    });
    expect((body.generationConfig as any).thinkingConfig).toEqual({ thinkingBudget: 1024 });
    const raw = await fake(
      new Request('https://vertex.fake/x', {
        method: 'POST',
        body: JSON.stringify({
          ...body,
          tools: [
            {
              functionDeclarations: [
                { name: 'f', parameters: { type: 'object', additionalProperties: false } },
              ],
            },
          ],
        }),
      }),
      'gemini-2.5-flash',
      'generateContent',
    );
    expect(raw.status).toBe(400);
  });

  it('decodes the fake stream: thoughts, text, whole calls, usage with thoughts', async () => {
    const req = decodeChatRequest({
      model: 'ep',
      messages: [{ role: 'user', content: 'Weather?' }],
      tools,
      stream: true,
    });
    req.reasoning = { includeThoughts: true };
    const { res } = await send(req, 'gemini-2.5-flash', {}, 'streamGenerateContent');
    const events = decodeInPieces(geminiStreamDecoder(), await res.text(), 13);
    expect(events.map((e) => e.type)).toEqual([
      'start',
      'reasoning',
      'tool_call_start',
      'tool_call_delta',
      'finish',
      'usage',
    ]);
    expect(events.find((e) => e.type === 'finish')).toEqual({
      type: 'finish',
      reason: 'tool_calls',
      rawReason: 'STOP',
    });
    expect(events.at(-1)).toEqual({
      type: 'usage',
      usage: { inputTokens: 12, outputTokens: 8, reasoningTokens: 3 },
    });
  });
});
