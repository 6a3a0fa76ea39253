import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeAnthropic, fakeSignature, weatherBot } from '../fakes/anthropic-upstream';
import { installFakeUpstreams } from '../fakes/router';
import {
  ADMIN,
  createEndpoint,
  GW,
  putSecret,
  sdkFetch,
  tokenFor,
  unique,
  waitForUsage,
} from '../helpers/gateway';

// The official openai SDK against an Anthropic endpoint: every request is translated to the
// Messages API (which the fake validates like Anthropic does) and every answer back.

const fakes = installFakeUpstreams({
  'api.anthropic.fake': fakeAnthropic({
    apiKey: 'sk-ant-upstream',
    reply: (body) =>
      lastText(body).includes('break mid-stream')
        ? { text: 'partial answer here', failMidStream: true }
        : weatherBot(body),
  }),
});
afterAll(() => fakes.restore());

function lastText(body: any): string {
  const last = body.messages.at(-1);
  return typeof last.content === 'string' ? last.content : JSON.stringify(last.content);
}

const endpoint = unique('o-claude');
let token: string;

beforeAll(async () => {
  const key = await putSecret('oanth', 'anthropic', 'sk-ant-upstream');
  await createEndpoint(endpoint, {
    name: 'claude-sonnet-4-5',
    provider: 'anthropic',
    task: 'llm/v1/chat',
    anthropic_config: { anthropic_api_key: key, anthropic_api_base: 'https://api.anthropic.fake' },
  });
  token = await tokenFor('dave', { [endpoint]: 'CAN_QUERY' });
});

const client = () =>
  new OpenAI({
    apiKey: token,
    baseURL: `${GW}/ai-gateway/mlflow/v1`,
    fetch: sdkFetch,
    maxRetries: 0,
  });
const upstreamBody = () =>
  JSON.parse([...fakes.calls].reverse().find((c) => c.url.includes('anthropic.fake'))!.body);
const tools: OpenAI.ChatCompletionTool[] = [
  {
    type: 'function',
    function: {
      name: 'get_weather',
      description: 'Weather',
      parameters: { type: 'object', properties: { city: { type: 'string' } } },
    },
  },
];

describe('openai SDK against an Anthropic endpoint', () => {
  it('chats: system hoisted, max_tokens defaulted, anthropic-version 2023-06-01, usage mapped', async () => {
    const res = await client().chat.completions.create({
      model: endpoint,
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'hello claude' },
      ],
    });
    expect(res.choices[0].message.content).toBe('echo: hello claude');
    expect(res.choices[0].finish_reason).toBe('stop');
    expect(res.usage).toMatchObject({ prompt_tokens: 21, completion_tokens: 9, total_tokens: 30 });
    const call = [...fakes.calls].reverse().find((c) => c.url.includes('anthropic.fake'))!;
    expect(call.headers['anthropic-version']).toBe('2023-06-01');
    expect(call.headers['x-api-key']).toBe('sk-ant-upstream');
    expect(JSON.parse(call.body)).toEqual({
      model: 'claude-sonnet-4-5',
      max_tokens: 4096,
      system: 'Be brief.',
      messages: [{ role: 'user', content: 'hello claude' }],
    });
  });

  it('streams with include_usage, the usage chunk counting cache reads and writes', async () => {
    const stream = await client().chat.completions.create({
      model: endpoint,
      stream: true,
      stream_options: { include_usage: true },
      messages: [
        {
          role: 'user',
          content: [
            {
              type: 'text',
              text: 'stream from claude',
              cache_control: { type: 'ephemeral' },
            } as any,
          ],
        },
      ],
    });
    let text = '';
    let pieces = 0;
    let finish: string | null = null;
    let usage: OpenAI.CompletionUsage | undefined;
    for await (const chunk of stream) {
      if (chunk.choices[0]?.delta?.content) pieces++;
      text += chunk.choices[0]?.delta?.content ?? '';
      finish = chunk.choices[0]?.finish_reason ?? finish;
      if (chunk.usage) usage = chunk.usage;
    }
    expect(text).toBe('echo: stream from claude');
    expect(pieces).toBeGreaterThan(1);
    expect(finish).toBe('stop');
    expect(usage).toMatchObject({
      prompt_tokens: 141,
      completion_tokens: 9,
      prompt_tokens_details: { cached_tokens: 100 },
    });
    expect(upstreamBody().messages[0].content[0].cache_control).toEqual({ type: 'ephemeral' });
    const rows = await waitForUsage(
      endpoint,
      1,
      (r) => r.streaming && r.cache_read_input_tokens === 100,
    );
    expect(rows[0]).toMatchObject({
      input_tokens: 141,
      output_tokens: 9,
      cache_creation_input_tokens: 20,
      api_type: 'chat/completions',
      provider: 'anthropic',
    });
  });

  it('runs a tools round trip, streamed and not', async () => {
    for (const stream of [false, true]) {
      const messages: OpenAI.ChatCompletionMessageParam[] = [
        { role: 'user', content: 'Weather in Paris?' },
      ];
      let toolCall: { id: string; name: string; arguments: string };
      if (stream) {
        const s = await client().chat.completions.create({
          model: endpoint,
          messages,
          tools,
          stream: true,
        });
        const acc = { id: '', name: '', arguments: '' };
        let finish: string | null = null;
        for await (const chunk of s) {
          const d = chunk.choices[0]?.delta?.tool_calls?.[0];
          if (d?.id) acc.id = d.id;
          if (d?.function?.name) acc.name = d.function.name;
          acc.arguments += d?.function?.arguments ?? '';
          finish = chunk.choices[0]?.finish_reason ?? finish;
        }
        expect(finish).toBe('tool_calls');
        toolCall = acc;
      } else {
        const res = await client().chat.completions.create({
          model: endpoint,
          messages,
          tools,
          tool_choice: 'required',
          parallel_tool_calls: false,
        });
        expect(res.choices[0].finish_reason).toBe('tool_calls');
        const c = res.choices[0].message
          .tool_calls![0] as OpenAI.ChatCompletionMessageFunctionToolCall;
        toolCall = { id: c.id, ...c.function };
        expect(upstreamBody().tool_choice).toEqual({
          type: 'any',
          disable_parallel_tool_use: true,
        });
      }
      expect(toolCall.name).toBe('get_weather');
      expect(JSON.parse(toolCall.arguments)).toEqual({ city: 'Paris' });
      messages.push({
        role: 'assistant',
        content: null,
        tool_calls: [
          {
            id: toolCall.id,
            type: 'function',
            function: { name: toolCall.name, arguments: toolCall.arguments },
          },
        ],
      });
      messages.push({ role: 'tool', tool_call_id: toolCall.id, content: 'sunny' });
      const final = await client().chat.completions.create({ model: endpoint, messages, tools });
      expect(final.choices[0].message.content).toBe('weather: sunny');
      expect(upstreamBody().messages[2]).toEqual({
        role: 'user',
        content: [{ type: 'tool_result', tool_use_id: toolCall.id, content: 'sunny' }],
      });
    }
  });

  it('returns structured output through output_config.format', async () => {
    const schema = {
      type: 'object',
      properties: { name: { type: 'string' }, age: { type: 'integer' } },
      required: ['name', 'age'],
      additionalProperties: false,
    };
    const res = await client().chat.completions.create({
      model: endpoint,
      messages: [{ role: 'user', content: 'Ada Lovelace, 36' }],
      response_format: {
        type: 'json_schema',
        json_schema: { name: 'person', schema, strict: true },
      },
    });
    expect(JSON.parse(res.choices[0].message.content!)).toEqual({ name: 'Ada', age: 36 });
    expect(upstreamBody().output_config).toEqual({ format: { type: 'json_schema', schema } });
  });

  it('echoes signed thinking blocks on the next turn (LiteLLM-style thinking on the OpenAI route)', async () => {
    const first = await client().chat.completions.create({
      model: endpoint,
      max_tokens: 2000,
      messages: [{ role: 'user', content: 'Weather in Paris? think first' }],
      tools,
      thinking: { type: 'enabled', budget_tokens: 1024 },
    } as any);
    const message = first.choices[0].message as any;
    expect(message.reasoning_content).toBe('Let me think about this.');
    expect(message.thinking_blocks).toEqual([
      {
        type: 'thinking',
        thinking: 'Let me think about this.',
        signature: fakeSignature('Let me think about this.'),
      },
    ]);
    expect(upstreamBody().thinking).toEqual({ type: 'enabled', budget_tokens: 1024 });
    const call = message.tool_calls[0];
    const second = await client().chat.completions.create({
      model: endpoint,
      max_tokens: 2000,
      thinking: { type: 'enabled', budget_tokens: 1024 },
      tools,
      messages: [
        { role: 'user', content: 'Weather in Paris? think first' },
        {
          role: 'assistant',
          content: null,
          tool_calls: [call],
          thinking_blocks: message.thinking_blocks,
        },
        { role: 'tool', tool_call_id: call.id, content: 'mild' },
      ],
    } as any);
    expect(second.choices[0].message.content).toBe('weather: mild');
    expect(upstreamBody().messages[1].content[0]).toEqual({
      type: 'thinking',
      thinking: 'Let me think about this.',
      signature: fakeSignature('Let me think about this.'),
    });
  });

  it('re-shapes upstream errors into the OpenAI shape with the upstream status, before and during a stream', async () => {
    const bad = unique('o-badkey');
    await createEndpoint(bad, {
      name: 'claude-x',
      provider: 'anthropic',
      task: 'llm/v1/chat',
      anthropic_config: {
        anthropic_api_key_plaintext: 'wrong',
        anthropic_api_base: 'https://api.anthropic.fake',
      },
    });
    const admin = new OpenAI({
      apiKey: ADMIN,
      baseURL: `${GW}/ai-gateway/mlflow/v1`,
      fetch: sdkFetch,
      maxRetries: 0,
    });
    const err = await admin.chat.completions
      .create({ model: bad, messages: [{ role: 'user', content: 'x' }] })
      .catch((e) => e);
    expect(err).toBeInstanceOf(OpenAI.AuthenticationError);
    expect(err.error).toMatchObject({ message: 'invalid x-api-key', type: 'authentication_error' });

    const stream = await client().chat.completions.create({
      model: endpoint,
      stream: true,
      messages: [{ role: 'user', content: 'break mid-stream' }],
    });
    let text = '';
    const failure = await (async () => {
      for await (const chunk of stream) text += chunk.choices[0]?.delta?.content ?? '';
    })().catch((e) => e);
    expect(text).toBe('part');
    expect(failure).toBeInstanceOf(OpenAI.APIError);
    expect(String(failure.message)).toContain('Overloaded');
  });
});
