import { describe, expect, it } from 'vitest';
import {
  anthropicStreamDecoder,
  anthropicStreamEncoder,
  decodeMessagesRequest,
  decodeMessagesResponse,
  encodeMessagesRequest,
  encodeMessagesResponse,
} from '../../../src/formats/anthropic-messages';
import type { ChatRequest } from '../../../src/formats/canonical';
import { translateText } from '../../helpers/stream-codec';
import { encodeResponsesRequest } from '../../../src/formats/openai-responses';
import {
  decodeChatRequest,
  decodeChatResponse,
  encodeChatRequest,
  encodeChatResponse,
  openAIChatStreamDecoder,
  openAIChatStreamEncoder,
} from '../../../src/formats/openai-chat';

// Golden translations between OpenAI chat and Anthropic Messages, both ways: requests,
// responses and streams.

describe('OpenAI chat request → Anthropic', () => {
  it('hoists system prompts, merges tool turns with results first, converts tools, images and options', () => {
    const openai = {
      model: 'endpoint',
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'developer', content: [{ type: 'text', text: 'Use metric units.' }] },
        {
          role: 'user',
          content: [
            { type: 'text', text: 'Weather in Paris and Rome?' },
            { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } },
          ],
        },
        {
          role: 'assistant',
          content: null,
          tool_calls: [
            {
              id: 'call_1',
              type: 'function',
              function: { name: 'get_weather', arguments: '{"city":"Paris"}' },
            },
            {
              id: 'call.2',
              type: 'function',
              function: { name: 'get_weather', arguments: '{"city":"Rome"}' },
            },
          ],
        },
        { role: 'tool', tool_call_id: 'call_1', content: 'sunny' },
        { role: 'tool', tool_call_id: 'call.2', content: 'rain' },
        { role: 'user', content: 'And tomorrow?' },
      ],
      tools: [
        {
          type: 'function',
          function: {
            name: 'get_weather',
            description: 'Weather',
            parameters: { type: 'object', properties: { city: { type: 'string' } } },
          },
        },
      ],
      tool_choice: 'required',
      parallel_tool_calls: false,
      response_format: {
        type: 'json_schema',
        json_schema: { name: 'w', schema: { type: 'object' }, strict: true },
      },
      temperature: 1.5,
      top_p: 0.5,
      stop: 'END',
      n: 1,
      seed: 7,
      logit_bias: { '50256': -100 },
      user: 'u-1',
      stream: true,
      stream_options: { include_usage: true },
    };
    const body = encodeMessagesRequest(decodeChatRequest(openai), { model: 'claude-sonnet-4-5' });
    expect(body).toEqual({
      model: 'claude-sonnet-4-5',
      max_tokens: 4096,
      system: [
        { type: 'text', text: 'Be brief.' },
        { type: 'text', text: 'Use metric units.' },
      ],
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'Weather in Paris and Rome?' },
            {
              type: 'image',
              source: { type: 'base64', media_type: 'image/png', data: 'iVBORw0KGgo=' },
            },
          ],
        },
        {
          role: 'assistant',
          content: [
            { type: 'tool_use', id: 'call_1', name: 'get_weather', input: { city: 'Paris' } },
            { type: 'tool_use', id: 'call_2', name: 'get_weather', input: { city: 'Rome' } },
          ],
        },
        {
          role: 'user',
          content: [
            { type: 'tool_result', tool_use_id: 'call_1', content: 'sunny' },
            { type: 'tool_result', tool_use_id: 'call_2', content: 'rain' },
            { type: 'text', text: 'And tomorrow?' },
          ],
        },
      ],
      tools: [
        {
          name: 'get_weather',
          description: 'Weather',
          input_schema: { type: 'object', properties: { city: { type: 'string' } } },
        },
      ],
      tool_choice: { type: 'any', disable_parallel_tool_use: true },
      output_config: { format: { type: 'json_schema', schema: { type: 'object' } } },
      temperature: 1,
      top_p: 0.5,
      stop_sequences: ['END'],
      metadata: { user_id: 'u-1' },
      stream: true,
    });
  });

  it('defaults max_tokens, keeps it above the thinking budget, drops sampling while thinking, empty and unsigned content', () => {
    const req = decodeChatRequest({
      model: 'e',
      max_tokens: 1000,
      thinking: { type: 'enabled', budget_tokens: 2048 },
      reasoning_effort: 'minimal',
      temperature: 0.3,
      top_k: 5,
      response_format: { type: 'json_object' },
      messages: [
        { role: 'assistant', content: 'Hi, how can I help?' },
        { role: 'user', content: '' },
        { role: 'user', content: 'Give me JSON' },
        {
          role: 'assistant',
          content: 'Sure: ',
          reasoning_content: 'unsigned thoughts from another model',
        },
      ],
    });
    const body = encodeMessagesRequest(req, { model: 'claude' });
    expect(body.max_tokens).toBe(3048);
    expect(body.thinking).toEqual({ type: 'enabled', budget_tokens: 2048 });
    expect(body.output_config).toEqual({ effort: 'low' });
    // Anthropic rejects temperature and top_k while thinking.
    expect(body).not.toHaveProperty('temperature');
    expect(body).not.toHaveProperty('top_k');
    expect(body.system).toBe('Respond only with a single valid JSON object.');
    expect(body.messages).toEqual([
      { role: 'user', content: '(continued)' },
      { role: 'assistant', content: 'Hi, how can I help?' },
      { role: 'user', content: 'Give me JSON' },
      { role: 'assistant', content: 'Sure:' },
    ]);
  });
});

describe('Anthropic request → OpenAI chat', () => {
  it('turns system blocks, tool_use and tool_result blocks into OpenAI messages', () => {
    const req = decodeMessagesRequest({
      model: 'endpoint',
      max_tokens: 300,
      system: [{ type: 'text', text: 'Be brief.', cache_control: { type: 'ephemeral' } }],
      tools: [{ name: 'get_weather', input_schema: { type: 'object' } }],
      tool_choice: { type: 'auto', disable_parallel_tool_use: true },
      thinking: { type: 'enabled', budget_tokens: 9000 },
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'Paris?' },
            { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'AAAA' } },
          ],
        },
        {
          role: 'assistant',
          content: [
            { type: 'tool_use', id: 'toolu_1', name: 'get_weather', input: { city: 'Paris' } },
          ],
        },
        {
          role: 'user',
          content: [
            {
              type: 'tool_result',
              tool_use_id: 'toolu_1',
              content: [{ type: 'text', text: 'sunny' }],
            },
          ],
        },
      ],
    });
    const body = encodeChatRequest(req, 'gpt-4o');
    expect(body).toMatchObject({
      model: 'gpt-4o',
      max_tokens: 300,
      tool_choice: 'auto',
      parallel_tool_calls: false,
      reasoning_effort: 'high',
      tools: [
        { type: 'function', function: { name: 'get_weather', parameters: { type: 'object' } } },
      ],
    });
    expect(body.messages).toEqual([
      { role: 'system', content: 'Be brief.' },
      {
        role: 'user',
        content: [
          { type: 'text', text: 'Paris?' },
          { type: 'image_url', image_url: { url: 'data:image/png;base64,AAAA' } },
        ],
      },
      {
        role: 'assistant',
        content: null,
        tool_calls: [
          {
            id: 'toolu_1',
            type: 'function',
            function: { name: 'get_weather', arguments: '{"city":"Paris"}' },
          },
        ],
      },
      { role: 'tool', tool_call_id: 'toolu_1', content: 'sunny' },
    ]);
  });

  it("names Anthropic's max effort as OpenAI's high, for chat and Responses", () => {
    const req = decodeMessagesRequest({
      model: 'endpoint',
      max_tokens: 300,
      output_config: { effort: 'max' },
      messages: [{ role: 'user', content: 'think' }],
    });
    expect(encodeChatRequest(req, 'gpt-5').reasoning_effort).toBe('high');
    expect(encodeResponsesRequest(req, 'gpt-5').reasoning).toEqual({ effort: 'high' });
  });
});

describe('responses across formats', () => {
  it('OpenAI → Anthropic: content, stop reason and usage with cached tokens outside input_tokens', () => {
    const openai = {
      id: 'chatcmpl-1',
      object: 'chat.completion',
      created: 1,
      model: 'gpt-4o',
      choices: [
        {
          index: 0,
          finish_reason: 'tool_calls',
          message: {
            role: 'assistant',
            content: 'Let me check.',
            tool_calls: [
              { id: 'call_9', type: 'function', function: { name: 'f', arguments: '{"a":1}' } },
            ],
          },
        },
      ],
      usage: {
        prompt_tokens: 100,
        completion_tokens: 20,
        total_tokens: 120,
        prompt_tokens_details: { cached_tokens: 60 },
      },
    };
    expect(encodeMessagesResponse(decodeChatResponse(openai), 'gpt-4o')).toEqual({
      id: 'msg_chatcmpl-1',
      type: 'message',
      role: 'assistant',
      model: 'gpt-4o',
      content: [
        { type: 'text', text: 'Let me check.' },
        { type: 'tool_use', id: 'call_9', name: 'f', input: { a: 1 } },
      ],
      stop_reason: 'tool_use',
      stop_sequence: null,
      usage: {
        input_tokens: 40,
        cache_creation_input_tokens: 0,
        cache_read_input_tokens: 60,
        output_tokens: 20,
      },
    });
  });

  it('Anthropic → OpenAI: prompt tokens include cache reads and writes; thinking kept with its signature', () => {
    const anthropic = {
      id: 'msg_1',
      type: 'message',
      role: 'assistant',
      model: 'claude',
      content: [
        { type: 'thinking', thinking: 'hmm', signature: 'sig' },
        { type: 'text', text: 'Done' },
      ],
      stop_reason: 'max_tokens',
      stop_sequence: null,
      usage: {
        input_tokens: 10,
        cache_creation_input_tokens: 5,
        cache_read_input_tokens: 100,
        output_tokens: 7,
      },
    };
    const out = encodeChatResponse(decodeMessagesResponse(anthropic), 'claude') as any;
    expect(out.choices[0]).toMatchObject({
      finish_reason: 'length',
      message: {
        content: 'Done',
        reasoning_content: 'hmm',
        thinking_blocks: [{ type: 'thinking', thinking: 'hmm', signature: 'sig' }],
      },
    });
    expect(out.usage).toMatchObject({
      prompt_tokens: 115,
      completion_tokens: 7,
      total_tokens: 122,
      prompt_tokens_details: { cached_tokens: 100, cache_write_tokens: 5 },
    });
  });

  it('an unknown stop reason is other with its value kept, not silently stop, and each dialect says its closest', () => {
    const anthropic = {
      id: 'msg_2',
      type: 'message',
      role: 'assistant',
      model: 'claude',
      content: [{ type: 'text', text: 'Hm' }],
      stop_reason: 'a_future_reason',
      stop_sequence: null,
      usage: { input_tokens: 1, output_tokens: 1 },
    };
    const res = decodeMessagesResponse(anthropic);
    expect(res).toMatchObject({ finishReason: 'other', rawFinishReason: 'a_future_reason' });
    expect((encodeChatResponse(res, 'claude') as any).choices[0].finish_reason).toBe('stop');
    expect(encodeMessagesResponse(res, 'claude').stop_reason).toBe('end_turn');
  });
});

const req: ChatRequest = { model: 'e', messages: [], stream: true, includeUsage: true, extra: {} };
const translate = translateText;
const dataOf = (sse: string) =>
  sse
    .split('\n\n')
    .filter((f) => f.includes('data: ') && !f.includes('[DONE]'))
    .map((f) => JSON.parse(f.slice(f.indexOf('data: ') + 6)));

describe('streams across formats', () => {
  it('OpenAI chunks → Anthropic events: blocks per output kind, input_json_delta, final usage in message_delta', () => {
    const chunk = (delta: unknown, finish: string | null = null) =>
      `data: ${JSON.stringify({ id: 'chatcmpl-9', object: 'chat.completion.chunk', created: 1, model: 'gpt', choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
    const openai = [
      chunk({ role: 'assistant', content: '' }),
      chunk({ content: 'Hi' }),
      chunk({
        tool_calls: [
          { index: 0, id: 'call_1', type: 'function', function: { name: 'f', arguments: '' } },
        ],
      }),
      chunk({ tool_calls: [{ index: 0, function: { arguments: '{"a":' } }] }),
      chunk({ tool_calls: [{ index: 0, function: { arguments: '1}' } }] }),
      chunk({}, 'tool_calls'),
      `data: ${JSON.stringify({ id: 'chatcmpl-9', object: 'chat.completion.chunk', created: 1, model: 'gpt', choices: [], usage: { prompt_tokens: 30, completion_tokens: 4, total_tokens: 34, prompt_tokens_details: { cached_tokens: 10 } } })}\n\n`,
      'data: [DONE]\n\n',
    ].join('');
    const out = translate(
      openai,
      openAIChatStreamDecoder(),
      anthropicStreamEncoder(req, 'gpt', { estimatedInputTokens: 25 }),
    );
    expect(
      out
        .split('\n\n')
        .filter(Boolean)
        .map((f) => f.split('\n')[0]),
    ).toEqual([
      'event: message_start',
      'event: ping',
      'event: content_block_start',
      'event: content_block_delta',
      'event: content_block_stop',
      'event: content_block_start',
      'event: content_block_delta',
      'event: content_block_delta',
      'event: content_block_stop',
      'event: message_delta',
      'event: message_stop',
    ]);
    const events = dataOf(out);
    expect(events[0].message).toMatchObject({
      id: 'msg_chatcmpl-9',
      role: 'assistant',
      model: 'gpt',
      usage: { input_tokens: 25 },
    });
    expect(events[5]).toEqual({
      type: 'content_block_start',
      index: 1,
      content_block: { type: 'tool_use', id: 'call_1', name: 'f', input: {} },
    });
    expect(events[6]).toEqual({
      type: 'content_block_delta',
      index: 1,
      delta: { type: 'input_json_delta', partial_json: '{"a":' },
    });
    expect(events[9]).toEqual({
      type: 'message_delta',
      delta: { stop_reason: 'tool_use', stop_sequence: null },
      usage: {
        input_tokens: 20,
        cache_creation_input_tokens: 0,
        cache_read_input_tokens: 10,
        output_tokens: 4,
      },
    });
  });

  it('Anthropic events → OpenAI chunks: text, reasoning, tool calls, usage chunk with cached tokens', () => {
    const ev = (type: string, data: Record<string, unknown>) =>
      `event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`;
    const anthropic = [
      ev('message_start', {
        message: {
          id: 'msg_1',
          type: 'message',
          role: 'assistant',
          model: 'claude',
          content: [],
          stop_reason: null,
          stop_sequence: null,
          usage: {
            input_tokens: 5,
            cache_read_input_tokens: 50,
            cache_creation_input_tokens: 0,
            output_tokens: 1,
          },
        },
      }),
      ev('ping', {}),
      ev('content_block_start', {
        index: 0,
        content_block: { type: 'thinking', thinking: '', signature: '' },
      }),
      ev('content_block_delta', { index: 0, delta: { type: 'thinking_delta', thinking: 'hmm' } }),
      ev('content_block_delta', {
        index: 0,
        delta: { type: 'signature_delta', signature: 'sig1' },
      }),
      ev('content_block_stop', { index: 0 }),
      ev('content_block_start', { index: 1, content_block: { type: 'text', text: '' } }),
      ev('content_block_delta', { index: 1, delta: { type: 'text_delta', text: 'Hello' } }),
      ev('content_block_stop', { index: 1 }),
      ev('content_block_start', {
        index: 2,
        content_block: { type: 'tool_use', id: 'toolu_1', name: 'f', input: {} },
      }),
      ev('content_block_delta', {
        index: 2,
        delta: { type: 'input_json_delta', partial_json: '' },
      }),
      ev('content_block_delta', {
        index: 2,
        delta: { type: 'input_json_delta', partial_json: '{"a":1}' },
      }),
      ev('content_block_stop', { index: 2 }),
      ev('message_delta', {
        delta: { stop_reason: 'tool_use', stop_sequence: null },
        usage: { output_tokens: 12 },
      }),
      ev('message_stop', {}),
    ].join('');
    const chunks = dataOf(
      translate(anthropic, anthropicStreamDecoder(), openAIChatStreamEncoder(req, 'claude')),
    );
    const deltas = chunks.map((c) => c.choices[0]?.delta ?? {});
    expect(
      deltas
        .map((d) => d.reasoning_content)
        .filter(Boolean)
        .join(''),
    ).toBe('hmm');
    expect(deltas.find((d) => d.thinking_blocks)).toEqual({
      thinking_blocks: [{ type: 'thinking', thinking: 'hmm', signature: 'sig1' }],
    });
    expect(deltas.map((d) => d.content ?? '').join('')).toBe('Hello');
    expect(deltas.find((d) => d.tool_calls?.[0].id)).toEqual({
      tool_calls: [
        { index: 0, id: 'toolu_1', type: 'function', function: { name: 'f', arguments: '' } },
      ],
    });
    expect(
      deltas
        .filter((d) => d.tool_calls && !d.tool_calls[0].id)
        .map((d) => d.tool_calls[0].function.arguments)
        .join(''),
    ).toBe('{"a":1}');
    expect(chunks.find((c) => c.choices[0]?.finish_reason)?.choices[0].finish_reason).toBe(
      'tool_calls',
    );
    expect(chunks.at(-1).usage).toMatchObject({
      prompt_tokens: 55,
      completion_tokens: 12,
      prompt_tokens_details: { cached_tokens: 50 },
    });
  });

  it('a mid-stream Anthropic error becomes the OpenAI in-stream error, and a canonical error an Anthropic error event', () => {
    const anthropic = [
      'event: message_start\ndata: {"type":"message_start","message":{"id":"msg_1","model":"c","usage":{"input_tokens":1,"output_tokens":1}}}\n\n',
      'event: error\ndata: {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}\n\n',
    ].join('');
    const openai = translate(
      anthropic,
      anthropicStreamDecoder(),
      openAIChatStreamEncoder(req, 'c'),
    );
    expect(dataOf(openai).at(-1)).toEqual({
      error: { message: 'Overloaded', type: 'api_error', code: 'overloaded_error' },
    });
    expect(openai).not.toContain('[DONE]');
    const encoder = anthropicStreamEncoder(req, 'c');
    const out =
      encoder.event({ type: 'text', text: 'partial' }) +
      encoder.event({ type: 'error', error: { status: 502, message: 'upstream broke' } }) +
      encoder.end();
    expect(out).toContain(
      'event: error\ndata: {"type":"error","error":{"type":"api_error","message":"upstream broke"}}',
    );
    expect(out).not.toContain('message_stop');
  });
});
