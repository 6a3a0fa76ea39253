import { describe, expect, it } from 'vitest';
import { decodeChatRequest, encodeChatRequest } from '../../../src/formats/openai-chat';
import { InvalidRequest } from '../../../src/formats/invalid-request';

// The OpenAI chat request codec: what the SDKs send decodes to canonical form and encodes back
// to an equivalent body; malformed bodies fail with the field named.

const toolTurn = {
  model: 'my-endpoint',
  messages: [
    { role: 'system', content: 'Be brief.' },
    {
      role: 'user',
      content: [
        { type: 'text', text: 'Weather in Paris and Rome?' },
        {
          type: 'image_url',
          image_url: { url: 'data:image/png;base64,iVBORw0KGgo=', detail: 'low' },
        },
      ],
    },
    {
      role: 'assistant',
      content: null,
      tool_calls: [
        {
          id: 'call_a',
          type: 'function',
          function: { name: 'get_weather', arguments: '{"city":"Paris"}' },
        },
        {
          id: 'call_b',
          type: 'function',
          function: { name: 'get_weather', arguments: '{"city":"Rome"}' },
        },
      ],
    },
    { role: 'tool', tool_call_id: 'call_a', content: '18°C' },
    { role: 'tool', tool_call_id: 'call_b', content: '24°C' },
  ],
  tools: [
    {
      type: 'function',
      function: {
        name: 'get_weather',
        description: 'Weather now',
        parameters: {
          type: 'object',
          properties: { city: { type: 'string' } },
          required: ['city'],
        },
        strict: true,
      },
    },
  ],
  tool_choice: { type: 'function', function: { name: 'get_weather' } },
  parallel_tool_calls: false,
  response_format: {
    type: 'json_schema',
    json_schema: { name: 'answer', schema: { type: 'object' }, strict: true },
  },
  temperature: 0.2,
  top_p: 0.9,
  stop: ['END'],
  seed: 7,
  n: 1,
  user: 'u-1',
  max_tokens: 300,
  logit_bias: { '50256': -100 },
  presence_penalty: 0.5,
};

describe('OpenAI chat request codec', () => {
  it('decodes roles, parts, tools, choice and sampling into canonical form', () => {
    const req = decodeChatRequest(toolTurn);
    expect(req.messages.map((m) => m.role)).toEqual([
      'system',
      'user',
      'assistant',
      'tool',
      'tool',
    ]);
    expect(req.messages[1].content[1]).toEqual({
      type: 'image',
      source: { kind: 'base64', mediaType: 'image/png', data: 'iVBORw0KGgo=' },
      detail: 'low',
    });
    expect(req.messages[2].content).toEqual([
      { type: 'tool_call', id: 'call_a', name: 'get_weather', arguments: '{"city":"Paris"}' },
      { type: 'tool_call', id: 'call_b', name: 'get_weather', arguments: '{"city":"Rome"}' },
    ]);
    expect(req.messages[3].content[0]).toMatchObject({
      type: 'tool_result',
      callId: 'call_a',
      content: [{ type: 'text', text: '18°C' }],
    });
    expect(req.toolChoice).toEqual({ name: 'get_weather' });
    expect(req.parallelToolCalls).toBe(false);
    expect(req.responseFormat).toEqual({
      type: 'json_schema',
      name: 'answer',
      schema: { type: 'object' },
      strict: true,
    });
    expect(req).toMatchObject({
      temperature: 0.2,
      topP: 0.9,
      stop: ['END'],
      seed: 7,
      n: 1,
      maxTokens: 300,
      user: 'u-1',
    });
    expect(req.extra.openai).toEqual({ logit_bias: { '50256': -100 }, presence_penalty: 0.5 });
  });

  it('encodes back to an equivalent body (unknown parameters passed through)', () => {
    const { model, ...expected } = toolTurn;
    expect(encodeChatRequest(decodeChatRequest(toolTurn), 'gpt-4o')).toEqual({
      model: 'gpt-4o',
      ...expected,
    });
  });

  it('keeps max_completion_tokens for OpenAI itself and developer messages as system', () => {
    const req = decodeChatRequest({
      model: 'e',
      max_completion_tokens: 50,
      messages: [
        { role: 'developer', content: 'rules' },
        { role: 'user', content: 'hi' },
      ],
    });
    const body = encodeChatRequest(req, 'o3', { maxTokensField: 'max_completion_tokens' });
    expect(body).toMatchObject({
      max_completion_tokens: 50,
      messages: [
        { role: 'system', content: 'rules' },
        { role: 'user', content: 'hi' },
      ],
    });
    expect(body).not.toHaveProperty('max_tokens');
  });

  it('carries cache_control and LiteLLM-style thinking blocks with their signatures', () => {
    const req = decodeChatRequest({
      model: 'e',
      messages: [
        {
          role: 'user',
          content: [{ type: 'text', text: 'long context', cache_control: { type: 'ephemeral' } }],
        },
        {
          role: 'assistant',
          content: 'ok',
          thinking_blocks: [
            { type: 'thinking', thinking: 'hmm', signature: 'sig-1' },
            { type: 'redacted_thinking', data: 'opaque' },
          ],
        },
        { role: 'user', content: 'go on' },
      ],
      reasoning_effort: 'high',
    });
    expect(req.messages[0].content[0]).toEqual({
      type: 'text',
      text: 'long context',
      cacheControl: { type: 'ephemeral' },
    });
    expect(req.messages[1].content).toEqual([
      { type: 'reasoning', text: 'hmm', signature: 'sig-1' },
      { type: 'reasoning', text: '', redacted: 'opaque' },
      { type: 'text', text: 'ok' },
    ]);
    expect(req.reasoning).toEqual({ effort: 'high' });
  });

  it.each([
    [{ messages: 'hi' }, 'messages'],
    [{ messages: [] }, 'messages'],
    [{ messages: [{ role: 'wizard', content: 'x' }] }, 'messages[0].role'],
    [{ messages: [{ role: 'tool', content: 'x' }] }, 'messages[0].tool_call_id'],
    [{ messages: [{ role: 'user', content: 'x' }], temperature: 'hot' }, 'temperature'],
    [
      { messages: [{ role: 'user', content: 'x' }], tools: [{ type: 'function', function: {} }] },
      'tools[0].function.name',
    ],
    [{ messages: [{ role: 'user', content: 'x' }], tool_choice: 'sometimes' }, 'tool_choice'],
  ])('rejects %j naming %s', (body, param) => {
    try {
      decodeChatRequest(body);
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(InvalidRequest);
      expect((err as InvalidRequest).param).toBe(param);
    }
  });
});
