import type OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, call, createEndpoint, putSecret, unique, waitForUsage } from '../helpers/gateway';
import { fakeBedrock } from '../fakes/bedrock-upstream';
import { installFakeUpstreams } from '../fakes/router';
import { adminOpenAI, collectChatStream, WEATHER_TOOL } from '../helpers/openai-client';

// Amazon Bedrock behind the OpenAI SDK: Converse and ConverseStream with SigV4 signatures the
// fake verifies, tools, images, reasoning, InvokeModel embeddings, and failures.

const CLAUDE = 'anthropic.claude-3-5-sonnet-20240620-v1:0';
const KEYS = {
  AKIDEXAMPLE: {
    accessKeyId: 'AKIDEXAMPLE',
    secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
  },
};
const fakes = installFakeUpstreams({
  'bedrock-runtime.us-east-1.amazonaws.com': fakeBedrock({
    region: 'us-east-1',
    keys: KEYS,
    models: [
      CLAUDE,
      'us.anthropic.claude-sonnet-4-20250514-v1:0',
      'amazon.titan-embed-text-v2:0',
      'cohere.embed-english-v3',
    ],
  }),
});
afterAll(() => fakes.restore());

const claude = unique('bedrock-claude');
const titan = unique('bedrock-titan');
const cohereEmbed = unique('bedrock-cohere-embed');
let credentials: Record<string, string>;

beforeAll(async () => {
  credentials = {
    aws_access_key_id: await putSecret('aws', 'id', 'AKIDEXAMPLE'),
    aws_secret_access_key: await putSecret('aws', 'secret', KEYS.AKIDEXAMPLE.secretAccessKey),
  };
  const config = (provider: string) => ({
    aws_region: 'us-east-1',
    bedrock_provider: provider,
    ...credentials,
  });
  await createEndpoint(claude, {
    name: CLAUDE,
    provider: 'amazon-bedrock',
    task: 'llm/v1/chat',
    amazon_bedrock_config: config('anthropic'),
  });
  await createEndpoint(titan, {
    name: 'amazon.titan-embed-text-v2:0',
    provider: 'amazon-bedrock',
    task: 'llm/v1/embeddings',
    amazon_bedrock_config: config('amazon'),
  });
  await createEndpoint(cohereEmbed, {
    name: 'cohere.embed-english-v3',
    provider: 'amazon-bedrock',
    task: 'llm/v1/embeddings',
    amazon_bedrock_config: config('cohere'),
  });
});

const client = () => adminOpenAI();
const lastBody = () => JSON.parse(fakes.calls.at(-1)!.body);
const tools = [WEATHER_TOOL];
const PNG =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

describe('Bedrock Converse', () => {
  it('chats with a signed request to the encoded model path', async () => {
    const res = await client().chat.completions.create({
      model: claude,
      messages: [
        { role: 'system', content: 'be brief' },
        { role: 'user', content: 'hi bedrock' },
      ],
      max_tokens: 100,
      temperature: 0.2,
      top_p: 0.8,
      stop: ['END'],
      // top_k is not an OpenAI field: it rides along as an extra body field.
      ...({ top_k: 5 } as object),
    });
    expect(res.choices[0].message.content).toBe('echo: hi bedrock');
    expect(res.usage).toMatchObject({ prompt_tokens: 20, completion_tokens: 8 });
    const upstream = fakes.calls.at(-1)!;
    expect(upstream.url).toBe(
      'https://bedrock-runtime.us-east-1.amazonaws.com/model/anthropic.claude-3-5-sonnet-20240620-v1%3A0/converse',
    );
    expect(upstream.headers.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/us-east-1\/bedrock\/aws4_request/,
    );
    expect(lastBody()).toEqual({
      system: [{ text: 'be brief' }],
      messages: [{ role: 'user', content: [{ text: 'hi bedrock' }] }],
      inferenceConfig: { maxTokens: 100, temperature: 0.2, topP: 0.8, stopSequences: ['END'] },
      additionalModelRequestFields: { top_k: 5 },
    });
  });

  it('streams text and usage from the binary event stream', async () => {
    const stream = await client().chat.completions.create({
      model: claude,
      messages: [{ role: 'user', content: 'stream bedrock please' }],
      stream: true,
      stream_options: { include_usage: true },
    });
    const { text, finish, usage } = await collectChatStream(stream);
    expect(text).toBe('echo: stream bedrock please');
    expect(finish).toBe('stop');
    expect(usage).toMatchObject({ prompt_tokens: 20, completion_tokens: 8 });
    expect(fakes.calls.at(-1)!.url).toMatch(/\/converse-stream$/);
    const rows = await waitForUsage(claude, 2);
    expect(rows.find((r) => r.streaming)).toMatchObject({
      provider: 'amazon-bedrock',
      input_tokens: 20,
      output_tokens: 8,
      status_code: 200,
      tokens_estimated: false,
    });
  });

  it('round-trips a tool call (toolSpec / toolUse / toolResult)', async () => {
    const first = await client().chat.completions.create({
      model: claude,
      tools,
      tool_choice: 'required',
      messages: [{ role: 'user', content: 'weather in Paris?' }],
    });
    expect(lastBody().toolConfig).toEqual({
      tools: [
        {
          toolSpec: {
            name: 'get_weather',
            description: 'Weather',
            inputSchema: { json: WEATHER_TOOL.function.parameters },
          },
        },
      ],
      toolChoice: { any: {} },
    });
    expect(first.choices[0].finish_reason).toBe('tool_calls');
    const toolCall = first.choices[0].message
      .tool_calls![0] as OpenAI.ChatCompletionMessageFunctionToolCall;
    expect(toolCall).toMatchObject({
      id: 'tooluse_kZJMlvQmRJ6eAyJE5GIl7Q',
      function: { name: 'get_weather' },
    });
    expect(JSON.parse(toolCall.function.arguments)).toEqual({ city: 'Paris' });
    const second = await client().chat.completions.create({
      model: claude,
      tools,
      tool_choice: 'none',
      messages: [
        { role: 'user', content: 'weather in Paris?' },
        first.choices[0].message,
        { role: 'tool', tool_call_id: toolCall.id, content: 'sunny' },
      ],
    });
    expect(second.choices[0].message.content).toBe('tool said sunny');
    const body = lastBody();
    // tool_choice none: the tools stay (the history has tool blocks), no choice is forced.
    expect(body.toolConfig.tools).toHaveLength(1);
    expect(body.toolConfig.toolChoice).toBeUndefined();
    expect(body.messages[1].content).toEqual([
      { toolUse: { toolUseId: toolCall.id, name: 'get_weather', input: { city: 'Paris' } } },
    ]);
    expect(body.messages[2].content).toEqual([
      { toolResult: { toolUseId: toolCall.id, content: [{ text: 'sunny' }], status: 'success' } },
    ]);
  });

  it('keeps a toolConfig when the history has tool blocks but the request has no tools', async () => {
    const res = await call('POST', '/ai-gateway/mlflow/v1/chat/completions', ADMIN, {
      model: claude,
      messages: [
        { role: 'user', content: 'weather?' },
        {
          role: 'assistant',
          content: null,
          tool_calls: [
            {
              id: 'tooluse_1',
              type: 'function',
              function: { name: 'get_weather', arguments: '{"city":"Oslo"}' },
            },
          ],
        },
        { role: 'tool', tool_call_id: 'tooluse_1', content: 'snow' },
      ],
    });
    expect(res.status).toBe(200);
    expect(res.json.choices[0].message.content).toBe('tool said snow');
    expect(lastBody().toolConfig.tools[0].toolSpec.name).toBe('get_weather');
  });

  it('streams a tool call', async () => {
    const stream = await client().chat.completions.create({
      model: claude,
      tools,
      tool_choice: { type: 'function', function: { name: 'get_weather' } },
      messages: [{ role: 'user', content: 'x' }],
      stream: true,
    });
    const { toolName: name, toolArgs: args, finish } = await collectChatStream(stream);
    expect(lastBody().toolConfig.toolChoice).toEqual({ tool: { name: 'get_weather' } });
    expect({ name, args: JSON.parse(args), finish }).toEqual({
      name: 'get_weather',
      args: { city: 'Paris' },
      finish: 'tool_calls',
    });
  });

  it('asks for structured output with a forced tool and streams its input back as the answer text', async () => {
    const schema = { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] };
    const response_format = {
      type: 'json_schema' as const,
      json_schema: { name: 'place', description: 'Where', schema },
    };
    const stream = await client().chat.completions.create({
      model: claude,
      response_format,
      messages: [{ role: 'user', content: 'x' }],
      stream: true,
    });
    const { text, finish, toolName } = await collectChatStream(stream);
    expect({ text: JSON.parse(text), finish, toolName }).toEqual({
      text: { city: 'Paris' },
      finish: 'stop',
      toolName: '',
    });
    expect(lastBody().toolConfig).toEqual({
      tools: [
        {
          toolSpec: {
            name: 'structured_output',
            description: 'Where',
            inputSchema: { json: schema },
          },
        },
      ],
      toolChoice: { tool: { name: 'structured_output' } },
    });
    // With tools of its own the model may call those instead: `any`, not the structured tool, is forced.
    await client().chat.completions.create({
      model: claude,
      response_format,
      tools,
      messages: [{ role: 'user', content: 'x' }],
    });
    expect(lastBody().toolConfig.tools.map((t: any) => t.toolSpec.name)).toEqual([
      'get_weather',
      'structured_output',
    ]);
    expect(lastBody().toolConfig.toolChoice).toEqual({ any: {} });
    const reserved = await call('POST', '/ai-gateway/mlflow/v1/chat/completions', ADMIN, {
      model: claude,
      response_format,
      tools: [{ type: 'function', function: { name: 'structured_output' } }],
      messages: [{ role: 'user', content: 'x' }],
    });
    expect([reserved.status, reserved.json.error.param]).toEqual([400, 'tools[0]']);
    // Claude refuses a forced tool while thinking: a clean 400 rather than Bedrock's.
    const thinking = await call('POST', '/ai-gateway/mlflow/v1/chat/completions', ADMIN, {
      model: claude,
      response_format,
      reasoning_effort: 'low',
      messages: [{ role: 'user', content: 'x' }],
    });
    expect([thinking.status, thinking.json.error.param]).toEqual([400, 'response_format']);
    expect(thinking.json.error.message).toContain('cannot be combined with thinking');
  });

  it('sends images as bytes with their format', async () => {
    const res = await client().chat.completions.create({
      model: claude,
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'what is this' },
            { type: 'image_url', image_url: { url: `data:image/png;base64,${PNG}` } },
          ],
        },
      ],
    });
    expect(res.choices[0].message.content).toBe(`I see a png image of ${atob(PNG).length} bytes`);
    expect(lastBody().messages[0].content[1]).toEqual({
      image: { format: 'png', source: { bytes: PNG } },
    });
  });

  it('rejects an image URL with a 400 naming the part (Bedrock needs bytes)', async () => {
    const res = await call('POST', '/ai-gateway/mlflow/v1/chat/completions', ADMIN, {
      model: claude,
      messages: [
        {
          role: 'user',
          content: [{ type: 'image_url', image_url: { url: 'https://example.com/cat.png' } }],
        },
      ],
    });
    expect(res.status).toBe(400);
    expect(res.json.error.param).toBe('messages[0].content[0]');
  });

  it('asks for thinking through additionalModelRequestFields and returns reasoning with its signature', async () => {
    const res = await call('POST', '/ai-gateway/mlflow/v1/chat/completions', ADMIN, {
      model: claude,
      reasoning_effort: 'low',
      messages: [{ role: 'user', content: 'think' }],
    });
    expect(lastBody().additionalModelRequestFields).toEqual({
      thinking: { type: 'enabled', budget_tokens: 1024 },
    });
    expect(res.json.choices[0].message).toMatchObject({
      content: 'echo: think',
      reasoning_content: 'Let me think.',
      thinking_blocks: [{ type: 'thinking', thinking: 'Let me think.', signature: 'sig-abc' }],
    });
    // Echoed back next turn, the reasoning keeps its signature.
    await call('POST', '/ai-gateway/mlflow/v1/chat/completions', ADMIN, {
      model: claude,
      messages: [
        { role: 'user', content: 'think' },
        res.json.choices[0].message,
        { role: 'user', content: 'more' },
      ],
    });
    expect(lastBody().messages[1].content[0]).toEqual({
      reasoningContent: { reasoningText: { text: 'Let me think.', signature: 'sig-abc' } },
    });
  });

  it('counts cache reads into the prompt and reports them as cached', async () => {
    const res = await call('POST', '/ai-gateway/mlflow/v1/chat/completions', ADMIN, {
      model: claude,
      messages: [
        {
          role: 'system',
          content: [{ type: 'text', text: 'long policy', cache_control: { type: 'ephemeral' } }],
        },
        { role: 'user', content: 'q' },
      ],
    });
    expect(lastBody().system).toEqual([
      { text: 'long policy' },
      { cachePoint: { type: 'default' } },
    ]);
    expect(res.json.usage).toMatchObject({
      prompt_tokens: 25,
      prompt_tokens_details: { cached_tokens: 5 },
    });
  });
});

describe('Bedrock embeddings (InvokeModel)', () => {
  it('fans Titan out one text per call and sums the tokens', async () => {
    fakes.calls.length = 0;
    const res = await client().embeddings.create({
      model: titan,
      input: ['a b', 'hello world again'],
      dimensions: 256,
    });
    expect(res.data.map((d) => d.embedding)).toEqual([
      [3, 256, 0.25],
      [17, 256, 0.25],
    ]);
    expect(res.usage.prompt_tokens).toBe(3 + 4);
    expect(fakes.calls).toHaveLength(2);
    expect(fakes.calls[0].url).toBe(
      'https://bedrock-runtime.us-east-1.amazonaws.com/model/amazon.titan-embed-text-v2%3A0/invoke',
    );
    expect(fakes.calls.map((c) => JSON.parse(c.body).inputText).sort()).toEqual([
      'a b',
      'hello world again',
    ]);
  });

  it('embeds a batch with a Cohere model in one call, tokens from the Bedrock header', async () => {
    const res = await call('POST', '/ai-gateway/mlflow/v1/embeddings', ADMIN, {
      model: cohereEmbed,
      input: ['x', 'yy'],
      input_type: 'search_query',
      encoding_format: 'float',
    });
    expect(res.json.data.map((d: any) => d.embedding)).toEqual([
      [1, 0.5],
      [2, 0.5],
    ]);
    expect(res.json.usage.prompt_tokens).toBe(8);
    expect(lastBody()).toEqual({
      texts: ['x', 'yy'],
      input_type: 'search_query',
      embedding_types: ['float'],
    });
  });
});

describe('Bedrock failures', () => {
  it('answers a wrong secret key with the 403 Bedrock gives (the fake verified the signature)', async () => {
    const endpoint = unique('bedrock-badsig');
    await createEndpoint(endpoint, {
      name: CLAUDE,
      provider: 'amazon-bedrock',
      task: 'llm/v1/chat',
      amazon_bedrock_config: {
        aws_region: 'us-east-1',
        bedrock_provider: 'anthropic',
        aws_access_key_id: credentials.aws_access_key_id,
        aws_secret_access_key_plaintext: 'not-the-secret',
      },
    });
    const res = await call('POST', '/ai-gateway/mlflow/v1/chat/completions', ADMIN, {
      model: endpoint,
      messages: [{ role: 'user', content: 'x' }],
    });
    expect(res.status).toBe(403);
    expect(res.json.error.message).toContain('signature we calculated does not match');
  });

  it('passes throttling on as 429', async () => {
    const res = await call('POST', '/ai-gateway/mlflow/v1/chat/completions', ADMIN, {
      model: claude,
      messages: [{ role: 'user', content: 'throttle me' }],
    });
    expect(res.status).toBe(429);
    expect(res.json.error.type).toBe('rate_limit_error');
  });

  it('turns an exception frame into an OpenAI error event', async () => {
    const res = await call('POST', '/ai-gateway/mlflow/v1/chat/completions', ADMIN, {
      model: claude,
      stream: true,
      messages: [{ role: 'user', content: 'stream exception' }],
    });
    expect(res.status).toBe(200);
    const frames = res.text.split('\n\n').filter(Boolean);
    expect(frames.at(-1)).toContain('"error"');
    expect(frames.at(-1)).toContain('The model produced an invalid sequence.');
    expect(res.text).not.toContain('[DONE]');
  });

  it.each([['corrupt frame'], ['cut frame'], ['reset please']])(
    'ends a stream with a %s in an error event, never a 500',
    async (said) => {
      const res = await call('POST', '/ai-gateway/mlflow/v1/chat/completions', ADMIN, {
        model: claude,
        stream: true,
        messages: [{ role: 'user', content: said }],
      });
      expect(res.status).toBe(200);
      const frames = res.text.split('\n\n').filter(Boolean);
      expect(frames.at(-1)).toContain('"error"');
      expect(frames.at(-1)).toContain('stream broke off');
    },
  );
});
