import type OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, call, createEndpoint, putSecret, unique, waitForUsage } from '../helpers/gateway';
import { fakeCohere } from '../fakes/cohere-upstream';
import { installFakeUpstreams } from '../fakes/router';
import { adminOpenAI, collectChatStream, WEATHER_TOOL } from '../helpers/openai-client';

// Cohere v2 behind the OpenAI SDK: chat, streaming, tools, embeddings, and failures.

const fakes = installFakeUpstreams({
  'api.cohere.fake': fakeCohere({
    apiKey: 'co-key',
    reply: (body) => {
      const last = body.messages.at(-1);
      const text =
        typeof last.content === 'string'
          ? last.content
          : (last.content ?? []).map((p: any) => p.text ?? '').join('');
      if (text === 'fail please') return { finish: 'ERROR' };
      if (body.tools?.length && last.role === 'user')
        return { toolCall: { name: body.tools[0].function.name, arguments: '{"city":"Paris"}' } };
      if (last.role === 'tool') return { text: `tool said ${text}` };
      return { text: `echo: ${text}` };
    },
    resetAfter: (body) =>
      body.messages.at(-1).content?.[0]?.text === 'reset please' ? 3 : undefined,
  }),
});
afterAll(() => fakes.restore());

const chat = unique('cohere-chat');
const embed = unique('cohere-embed');

beforeAll(async () => {
  const key = await putSecret('cohere', 'key', 'co-key');
  const config = { cohere_api_key: key, cohere_api_base: 'https://api.cohere.fake' };
  await createEndpoint(chat, {
    name: 'command-a-03-2025',
    provider: 'cohere',
    task: 'llm/v1/chat',
    cohere_config: config,
  });
  await createEndpoint(embed, {
    name: 'embed-v4.0',
    provider: 'cohere',
    task: 'llm/v1/embeddings',
    cohere_config: config,
  });
});

const client = () => adminOpenAI();
const lastUpstream = () => JSON.parse(fakes.calls.at(-1)!.body);
const tools = [WEATHER_TOOL];

describe('Cohere v2 chat', () => {
  it('chats, with Cohere field names upstream and real token counts', async () => {
    const res = await client().chat.completions.create({
      model: chat,
      messages: [
        { role: 'system', content: 'be brief' },
        { role: 'user', content: 'hi cohere' },
      ],
      temperature: 0.3,
      top_p: 0.9,
      max_tokens: 50,
      stop: ['END'],
    });
    expect(res.choices[0].message.content).toBe('echo: hi cohere');
    expect(res.choices[0].finish_reason).toBe('stop');
    expect(res.usage).toMatchObject({ prompt_tokens: 70, completion_tokens: 12 });
    const upstream = fakes.calls.at(-1)!;
    expect(upstream.url).toBe('https://api.cohere.fake/v2/chat');
    expect(upstream.headers.authorization).toBe('Bearer co-key');
    expect(lastUpstream()).toMatchObject({
      model: 'command-a-03-2025',
      p: 0.9,
      temperature: 0.3,
      max_tokens: 50,
      stop_sequences: ['END'],
      messages: [{ role: 'system', content: 'be brief' }, { role: 'user' }],
    });
  });

  it('streams text and usage', async () => {
    const stream = await client().chat.completions.create({
      model: chat,
      messages: [{ role: 'user', content: 'stream cohere' }],
      stream: true,
      stream_options: { include_usage: true },
    });
    const { text, finish, usage } = await collectChatStream(stream);
    expect(text).toBe('echo: stream cohere');
    expect(finish).toBe('stop');
    expect(usage?.total_tokens).toBe(82);
    const rows = await waitForUsage(chat, 2);
    expect(rows.find((r) => r.streaming)).toMatchObject({
      input_tokens: 70,
      output_tokens: 12,
      provider: 'cohere',
      tokens_estimated: false,
    });
  });

  it('round-trips a tool call, with tool_choice required as REQUIRED', async () => {
    const first = await client().chat.completions.create({
      model: chat,
      tools,
      tool_choice: 'required',
      messages: [{ role: 'user', content: 'weather?' }],
    });
    expect(lastUpstream().tool_choice).toBe('REQUIRED');
    expect(first.choices[0].finish_reason).toBe('tool_calls');
    const toolCall = first.choices[0].message
      .tool_calls![0] as OpenAI.ChatCompletionMessageFunctionToolCall;
    expect(toolCall).toMatchObject({
      id: 'get_weather_abc123',
      function: { name: 'get_weather', arguments: '{"city":"Paris"}' },
    });
    const second = await client().chat.completions.create({
      model: chat,
      tools,
      messages: [
        { role: 'user', content: 'weather?' },
        first.choices[0].message,
        { role: 'tool', tool_call_id: toolCall.id, content: 'sunny' },
      ],
    });
    expect(second.choices[0].message.content).toBe('tool said sunny');
    expect(lastUpstream().messages[1]).toMatchObject({
      role: 'assistant',
      tool_calls: [{ id: 'get_weather_abc123', function: { arguments: '{"city":"Paris"}' } }],
    });
    expect(lastUpstream().messages[2]).toMatchObject({
      role: 'tool',
      tool_call_id: 'get_weather_abc123',
    });
  });
});

describe('Cohere v2 embed', () => {
  it('embeds with an input type and float embeddings, base64 for the SDK', async () => {
    const res = await client().embeddings.create({ model: embed, input: ['abc', 'hello'] });
    expect(res.data.map((d) => d.embedding)).toEqual([
      [3, 15, 0.5],
      [5, 15, 0.5],
    ]);
    expect(res.usage.prompt_tokens).toBe(6);
    expect(lastUpstream()).toEqual({
      model: 'embed-v4.0',
      texts: ['abc', 'hello'],
      input_type: 'search_document',
      embedding_types: ['float'],
    });
  });

  it('passes the caller input_type and dimensions', async () => {
    const res = await call('POST', '/ai-gateway/mlflow/v1/embeddings', ADMIN, {
      model: embed,
      input: 'q',
      input_type: 'search_query',
      dimensions: 2,
      encoding_format: 'float',
    });
    expect(res.json.data[0].embedding).toEqual([1, 12]);
    expect(lastUpstream()).toMatchObject({ input_type: 'search_query', output_dimension: 2 });
  });
});

describe('Cohere failures', () => {
  it('passes throttling on as 429 and a bad key as 401', async () => {
    const throttled = await call('POST', '/ai-gateway/mlflow/v1/chat/completions', ADMIN, {
      model: chat,
      messages: [{ role: 'user', content: 'throttle me' }],
    });
    expect(throttled.status).toBe(429);
    expect(throttled.json.error.message).toContain('Trial key');
    const endpoint = unique('cohere-badkey');
    await createEndpoint(endpoint, {
      name: 'command-a',
      provider: 'cohere',
      task: 'llm/v1/chat',
      cohere_config: {
        cohere_api_key_plaintext: 'wrong',
        cohere_api_base: 'https://api.cohere.fake',
      },
    });
    const bad = await call('POST', '/ai-gateway/mlflow/v1/chat/completions', ADMIN, {
      model: endpoint,
      messages: [{ role: 'user', content: 'x' }],
    });
    expect(bad.status).toBe(401);
    expect(bad.json.error.message).toBe('invalid api token');
  });

  it('answers an ERROR finish with a 502 instead of an empty answer', async () => {
    const res = await call('POST', '/ai-gateway/mlflow/v1/chat/completions', ADMIN, {
      model: chat,
      messages: [{ role: 'user', content: 'fail please' }],
    });
    expect(res.status).toBe(502);
    const streamed = await call('POST', '/ai-gateway/mlflow/v1/chat/completions', ADMIN, {
      model: chat,
      stream: true,
      messages: [{ role: 'user', content: 'fail please' }],
    });
    expect(streamed.status).toBe(200);
    expect(streamed.text).toMatch(
      /data: \{"error":\{"message":"Cohere ended the stream with ERROR"/,
    );
  });

  it('ends a stream whose connection resets with an OpenAI error event', async () => {
    const res = await call('POST', '/ai-gateway/mlflow/v1/chat/completions', ADMIN, {
      model: chat,
      stream: true,
      messages: [{ role: 'user', content: [{ type: 'text', text: 'reset please' }] }],
    });
    expect(res.status).toBe(200);
    const frames = res.text.split('\n\n').filter(Boolean);
    expect(frames.at(-1)).toContain('"error"');
    expect(frames.at(-1)).toContain('connection reset by peer');
    expect(res.text).toContain('"content":"echo"');
  });

  it('rejects n > 1 with a 400 naming n', async () => {
    const res = await call('POST', '/ai-gateway/mlflow/v1/chat/completions', ADMIN, {
      model: chat,
      n: 2,
      messages: [{ role: 'user', content: 'x' }],
    });
    expect(res.status).toBe(400);
    expect(res.json.error.param).toBe('n');
  });
});
