import { describe, expect, it } from 'vitest';
import type { ChatResponse, StreamEvent } from '../../src/formats/canonical';
import { encodeChatRequest } from '../../src/formats/openai-chat';
import {
  checkCompletionTranslatable,
  decodeCompletionRequest,
  decodeCompletionResponse,
  encodeCompletionRequest,
  encodeCompletionResponse,
} from '../../src/formats/openai-completions';
import {
  decodeResponsesRequest,
  decodeResponsesResponse,
  encodeResponsesRequest,
  encodeResponsesResponse,
  responsesStreamDecoder,
  responsesStreamEncoder,
  responseIdOfItem,
} from '../../src/formats/openai-responses';

// The Responses and legacy Completions codecs: each round-trips its own format, and translates
// to Chat Completions as the goldens say.

const weather = { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] };

const fullRequest = {
  model: 'ep',
  instructions: 'Be brief.',
  input: [
    { type: 'message', role: 'developer', content: 'Answer in French.' },
    { type: 'message', role: 'user', content: 'Weather?' },
    {
      type: 'reasoning',
      summary: [{ type: 'summary_text', text: 'Need the tool.' }],
      encrypted_content: 'opaque',
    },
    {
      type: 'function_call',
      name: 'get_weather',
      arguments: '{"city":"Paris"}',
      call_id: 'call_1',
    },
    { type: 'function_call', name: 'lookup', namespace: 'crm', arguments: '{}', call_id: 'call_2' },
    { type: 'function_call_output', call_id: 'call_1', output: '21 C' },
    {
      type: 'function_call_output',
      call_id: 'call_2',
      output: [
        { type: 'input_text', text: 'Ada' },
        { type: 'input_image', image_url: 'https://x.test/a.png', detail: 'auto' },
      ],
    },
    {
      type: 'message',
      role: 'assistant',
      content: [{ type: 'output_text', text: 'Il fait beau.' }],
    },
    {
      type: 'message',
      role: 'user',
      content: [
        { type: 'input_text', text: 'And this?' },
        { type: 'input_image', image_url: 'data:image/png;base64,AAAA', detail: 'high' },
      ],
    },
  ],
  tools: [
    {
      type: 'function',
      name: 'get_weather',
      description: 'Weather in a city',
      parameters: weather,
      strict: true,
    },
    {
      type: 'namespace',
      name: 'crm',
      tools: [
        {
          type: 'function',
          name: 'lookup',
          parameters: { type: 'object', properties: {} },
          strict: null,
        },
      ],
    },
    { type: 'custom', name: 'apply_patch', description: 'Apply a patch' },
    { type: 'web_search' },
  ],
  tool_choice: { type: 'function', name: 'get_weather' },
  parallel_tool_calls: false,
  text: { format: { type: 'json_schema', name: 'answer', schema: weather, strict: true } },
  reasoning: { effort: 'high', summary: 'auto' },
  max_output_tokens: 300,
  temperature: 0.4,
  top_p: 0.9,
  stream: true,
  store: false,
  previous_response_id: 'resp_prev',
  include: ['reasoning.encrypted_content'],
  metadata: { team: 'search' },
  prompt_cache_key: 'cache-1',
};

describe('openai-responses request codec', () => {
  it('round-trips a request with every item kind losslessly', () => {
    const { chat, options } = decodeResponsesRequest(fullRequest);
    expect(encodeResponsesRequest(chat, 'ep', options)).toEqual(fullRequest);
  });

  it('decodes into canonical turns: instructions first, model items joined into one assistant turn', () => {
    const { chat, options } = decodeResponsesRequest(fullRequest);
    expect(chat.messages.map((m) => m.role)).toEqual([
      'system',
      'system',
      'user',
      'assistant',
      'tool',
      'tool',
      'assistant',
      'user',
    ]);
    expect(chat.messages[3].content.map((p) => p.type)).toEqual([
      'reasoning',
      'tool_call',
      'tool_call',
    ]);
    expect(chat.tools!.map((t) => t.name)).toEqual(['get_weather', 'crm__lookup', 'apply_patch']);
    expect(options.hostedTools).toEqual([{ type: 'web_search' }]);
    expect(chat.messages[4].content[0]).toMatchObject({
      type: 'tool_result',
      callId: 'call_1',
      name: 'get_weather',
    });
    expect(chat).toMatchObject({
      maxTokens: 300,
      responseFormat: { type: 'json_schema', name: 'answer' },
      reasoning: { effort: 'high', summary: 'auto', includeThoughts: true },
    });
  });

  it('translates to Chat Completions as the golden says', () => {
    const { chat } = decodeResponsesRequest({
      model: 'ep',
      instructions: 'Be brief.',
      input: [
        { role: 'user', content: 'Weather?' },
        {
          type: 'function_call',
          name: 'get_weather',
          arguments: '{"city":"Paris"}',
          call_id: 'call_1',
        },
        { type: 'function_call_output', call_id: 'call_1', output: '21 C' },
      ],
      tools: [
        { type: 'function', name: 'get_weather', parameters: weather, strict: false },
        { type: 'web_search_preview' },
      ],
      text: { format: { type: 'json_object' } },
      max_output_tokens: 50,
      store: true,
      include: ['reasoning.encrypted_content'],
      prompt_cache_key: 'k',
    });
    expect(encodeChatRequest(chat, 'gpt-x')).toEqual({
      model: 'gpt-x',
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Weather?' },
        {
          role: 'assistant',
          content: null,
          tool_calls: [
            {
              id: 'call_1',
              type: 'function',
              function: { name: 'get_weather', arguments: '{"city":"Paris"}' },
            },
          ],
        },
        { role: 'tool', tool_call_id: 'call_1', content: '21 C' },
      ],
      tools: [
        { type: 'function', function: { name: 'get_weather', parameters: weather, strict: false } },
      ],
      response_format: { type: 'json_object' },
      max_tokens: 50,
      prompt_cache_key: 'k',
    });
  });

  it('names the field of a malformed item', () => {
    expect(() =>
      decodeResponsesRequest({ model: 'm', input: [{ type: 'function_call', name: 'f' }] }),
    ).toThrow(/input\[0\]\.call_id/);
    expect(() =>
      decodeResponsesRequest({
        model: 'm',
        input: 'x',
        text: { format: { type: 'json_schema', schema: {} } },
      }),
    ).toThrow(/text\.format\.name/);
    expect(() => decodeResponsesRequest({ model: 'm', input: 'x', tool_choice: 7 })).toThrow(
      /tool_choice/,
    );
  });
});

const canonical: ChatResponse = {
  id: 'resp_abc',
  model: 'm',
  created: 1730000000,
  content: [
    { type: 'reasoning', text: 'Thinking.' },
    { type: 'text', text: 'Calling.' },
    { type: 'tool_call', id: 'call_9', name: 'crm__lookup', arguments: '{"id":1}' },
  ],
  finishReason: 'tool_calls',
  usage: { inputTokens: 20, outputTokens: 10, cacheReadTokens: 5, reasoningTokens: 3 },
};

describe('openai-responses response codec', () => {
  const req = decodeResponsesRequest({
    model: 'm',
    input: 'x',
    tools: [{ type: 'namespace', name: 'crm', tools: [{ type: 'function', name: 'lookup' }] }],
  });

  it('encodes output items with ids that lead back to the response, and maps namespaces back', () => {
    const body: any = encodeResponsesResponse(canonical, req.chat, 'm', req.options, 'resp_abc');
    expect(body.output.map((i: any) => i.type)).toEqual(['reasoning', 'message', 'function_call']);
    expect(body.output[2]).toEqual({
      id: 'fc_abc_2',
      type: 'function_call',
      name: 'lookup',
      namespace: 'crm',
      arguments: '{"id":1}',
      call_id: 'call_9',
      status: 'completed',
    });
    expect(body.output.map((i: any) => responseIdOfItem(i.id))).toEqual([
      'resp_abc',
      'resp_abc',
      'resp_abc',
    ]);
    expect(body.usage).toEqual({
      input_tokens: 20,
      input_tokens_details: { cached_tokens: 5 },
      output_tokens: 10,
      output_tokens_details: { reasoning_tokens: 3 },
      total_tokens: 30,
    });
    expect(body.status).toBe('completed');
  });

  it('gives a custom (free-form) tool call back as custom_tool_call with its input string', () => {
    const custom = decodeResponsesRequest({
      model: 'm',
      input: 'x',
      tools: [{ type: 'custom', name: 'apply_patch' }],
    });
    const call = {
      type: 'tool_call' as const,
      id: 'call_p',
      name: 'apply_patch',
      arguments: '{"input":"*** Begin Patch"}',
    };
    const body: any = encodeResponsesResponse(
      { ...canonical, content: [call] },
      custom.chat,
      'm',
      custom.options,
      'resp_p',
    );
    expect(body.output[0]).toEqual({
      id: 'fc_p_0',
      type: 'custom_tool_call',
      name: 'apply_patch',
      input: '*** Begin Patch',
      call_id: 'call_p',
      status: 'completed',
    });
    const next = decodeResponsesRequest({
      model: 'm',
      tools: [{ type: 'custom', name: 'apply_patch' }],
      input: [
        body.output[0],
        { type: 'custom_tool_call_output', call_id: 'call_p', output: 'done' },
      ],
    });
    expect(next.chat.messages[0].content[0]).toEqual({
      type: 'tool_call',
      id: 'call_p',
      name: 'apply_patch',
      arguments: '{"input":"*** Begin Patch"}',
    });
  });

  it('round-trips through decode', () => {
    const plain = decodeResponsesRequest({ model: 'm', input: 'x' });
    const back = decodeResponsesResponse(
      encodeResponsesResponse(canonical, plain.chat, 'm', plain.options, 'resp_abc'),
    );
    expect(back).toEqual({ ...canonical, rawFinishReason: 'completed' });
  });

  it.each([
    ['length', 'incomplete', { reason: 'max_output_tokens' }],
    ['content_filter', 'incomplete', { reason: 'content_filter' }],
    ['stop', 'completed', null],
  ] as const)('derives status from finish reason %s', (reason, status, details) => {
    const body: any = encodeResponsesResponse(
      { ...canonical, content: [{ type: 'text', text: 'x' }], finishReason: reason },
      req.chat,
      'm',
      req.options,
    );
    expect(body.status).toBe(status);
    expect(body.incomplete_details).toEqual(details);
    expect(decodeResponsesResponse(body).finishReason).toBe(reason);
  });
});

async function encodeEvents(events: StreamEvent[], responseId = 'resp_s1'): Promise<string> {
  const { chat, options } = decodeResponsesRequest({ model: 'm', input: 'x', stream: true });
  const encoder = responsesStreamEncoder(chat, 'm', { responseId, options });
  return events.map((e) => encoder.event(e)).join('') + encoder.end();
}

const streamEvents: StreamEvent[] = [
  { type: 'start', id: 'x', model: 'm', created: 1730000000 },
  { type: 'reasoning', text: 'Hmm' },
  { type: 'text', text: 'Hel' },
  { type: 'text', text: 'lo' },
  { type: 'tool_call_start', index: 0, id: 'call_1', name: 'f' },
  { type: 'tool_call_delta', index: 0, arguments: '{"a":' },
  { type: 'tool_call_delta', index: 0, arguments: '1}' },
  { type: 'finish', reason: 'tool_calls' },
  { type: 'usage', usage: { inputTokens: 5, outputTokens: 6 } },
];

describe('openai-responses stream codec', () => {
  it('emits the real event sequence with event names and sequence numbers, and no [DONE]', async () => {
    const text = await encodeEvents(streamEvents);
    const frames = text
      .trim()
      .split('\n\n')
      .map((f) => ({
        event: /^event: (.*)$/m.exec(f)![1],
        data: JSON.parse(/^data: (.*)$/m.exec(f)![1]),
      }));
    expect(frames.map((f) => f.event)).toEqual([
      'response.created',
      'response.in_progress',
      'response.output_item.added',
      'response.reasoning_summary_part.added',
      'response.reasoning_summary_text.delta',
      'response.reasoning_summary_text.done',
      'response.reasoning_summary_part.done',
      'response.output_item.done',
      'response.output_item.added',
      'response.content_part.added',
      'response.output_text.delta',
      'response.output_text.delta',
      'response.output_text.done',
      'response.content_part.done',
      'response.output_item.done',
      'response.output_item.added',
      'response.function_call_arguments.delta',
      'response.function_call_arguments.delta',
      'response.function_call_arguments.done',
      'response.output_item.done',
      'response.completed',
    ]);
    expect(frames.every((f, i) => f.data.type === f.event && f.data.sequence_number === i)).toBe(
      true,
    );
    expect(text).not.toContain('[DONE]');
    const completed = frames.at(-1)!.data.response;
    expect(completed.output.map((o: any) => o.id)).toEqual(['rs_s1_0', 'msg_s1_1', 'fc_s1_2']);
    expect(completed.usage.total_tokens).toBe(11);
  });

  it('round-trips through the stream decoder', async () => {
    const text = await encodeEvents(streamEvents);
    // Fed in 9-byte pieces: frames straddle network chunks.
    const bytes = new TextEncoder().encode(text);
    const decoder = responsesStreamDecoder();
    const decoded: StreamEvent[] = [];
    for (let i = 0; i < bytes.length; i += 9)
      decoded.push(...decoder.push(bytes.subarray(i, i + 9)));
    decoded.push(...decoder.end());
    const moved = (e: StreamEvent): StreamEvent =>
      e.type === 'tool_call_start' || e.type === 'tool_call_delta'
        ? { ...e, index: 2 }
        : e.type === 'finish'
          ? { ...e, rawReason: 'completed' }
          : e;
    expect(decoded).toEqual([
      { type: 'start', id: 'resp_s1', model: 'm', created: 1730000000 },
      ...streamEvents.slice(1).map(moved),
    ]);
  });

  it('sends a custom tool call input whole, with the custom_tool_call_input events', () => {
    const { chat, options } = decodeResponsesRequest({
      model: 'm',
      input: 'x',
      stream: true,
      tools: [{ type: 'custom', name: 'apply_patch' }],
    });
    const encoder = responsesStreamEncoder(chat, 'm', { responseId: 'resp_c', options });
    const events: StreamEvent[] = [
      { type: 'tool_call_start', index: 0, id: 'call_c', name: 'apply_patch' },
      { type: 'tool_call_delta', index: 0, arguments: '{"input":"*** Be' },
      { type: 'tool_call_delta', index: 0, arguments: 'gin"}' },
      { type: 'finish', reason: 'tool_calls' },
    ];
    const text = events.map((e) => encoder.event(e)).join('') + encoder.end();
    const types = [...text.matchAll(/^event: (.*)$/gm)].map((m) => m[1]);
    expect(types).not.toContain('response.function_call_arguments.delta');
    expect(types).toContain('response.custom_tool_call_input.done');
    expect(text).toContain('"input":"*** Begin"');
  });

  it('ends with an error event and response.failed on a mid-stream error', async () => {
    const text = await encodeEvents([
      { type: 'text', text: 'par' },
      { type: 'error', error: { status: 502, message: 'upstream broke', code: 'upstream_error' } },
      { type: 'text', text: 'tial' },
    ]);
    const events = [...text.matchAll(/^event: (.*)$/gm)].map((m) => m[1]);
    expect(events.slice(-2)).toEqual(['error', 'response.failed']);
    expect(text).toContain('upstream broke');
    expect(text).not.toContain('tial"');
  });
});

describe('openai-completions codec', () => {
  it('round-trips a request', () => {
    const body = {
      model: 'm',
      prompt: 'Once upon',
      max_tokens: 5,
      temperature: 0.1,
      stop: ['\n'],
      stream: true,
      stream_options: { include_usage: true },
      logit_bias: { '1': 2 },
    };
    expect(encodeCompletionRequest(decodeCompletionRequest(body), 'm')).toEqual(body);
  });

  it('round-trips a response and maps a tool turn to stop', () => {
    const res: ChatResponse = {
      id: 'cmpl-1',
      model: 'm',
      created: 1,
      content: [{ type: 'text', text: 'a time' }],
      finishReason: 'length',
      usage: { inputTokens: 2, outputTokens: 3 },
    };
    expect(decodeCompletionResponse(encodeCompletionResponse(res, 'm'))).toEqual({
      ...res,
      rawFinishReason: 'length',
    });
    expect(
      (encodeCompletionResponse({ ...res, finishReason: 'tool_calls' }, 'm') as any).choices[0]
        .finish_reason,
    ).toBe('stop');
  });

  it('names what only OpenAI can do', () => {
    expect(() => checkCompletionTranslatable({ prompt: [1, 2, 3] })).toThrow(/prompt/);
    expect(() => checkCompletionTranslatable({ prompt: 'x', suffix: 'y' })).toThrow(/suffix/);
    expect(() => checkCompletionTranslatable({ prompt: ['only one'] })).not.toThrow();
  });
});
