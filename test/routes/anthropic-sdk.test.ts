import Anthropic from '@anthropic-ai/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  fakeAnthropic,
  fakeSignature,
  lastUserText,
  weatherBot,
} from '../fakes/anthropic-upstream';
import { fakeOpenAI } from '../fakes/openai-upstream';
import { openAIWeatherBot } from '../fakes/openai-weather-bot';
import { installFakeUpstreams } from '../fakes/router';
import {
  call,
  createEndpoint,
  GW,
  putSecret,
  sdkFetch,
  tokenFor,
  unique,
  waitForUsage,
} from '../helpers/gateway';

// The official Anthropic SDK through /ai-gateway/anthropic against an OpenAI-format endpoint
// (translated) and an Anthropic endpoint (passed through): messages, streams, tool round trips,
// thinking with signatures, cache_control and usage.

const fakes = installFakeUpstreams({
  'api.anthropic.fake': fakeAnthropic({
    apiKey: 'sk-ant-upstream',
    reply: (body) =>
      lastUserText(body.messages).includes('rate limit me')
        ? {
            error: {
              status: 429,
              type: 'rate_limit_error',
              message: 'Number of request tokens has exceeded your per-minute rate limit',
              retryAfter: '17',
            },
          }
        : weatherBot(body),
  }),
  'api.openai.fake': fakeOpenAI({ apiKey: 'sk-upstream-openai', reply: openAIWeatherBot }),
});
afterAll(() => fakes.restore());

const endpoints = {
  openai: unique('a-gpt'),
  anthropic: unique('a-claude'),
  gpt4o: unique('a-gpt4o'),
};
let token: string;

beforeAll(async () => {
  const openaiKey = await putSecret('anth', 'openai', 'sk-upstream-openai');
  const anthropicKey = await putSecret('anth', 'anthropic', 'sk-ant-upstream');
  await createEndpoint(endpoints.openai, {
    name: 'gpt-5-mini',
    provider: 'openai',
    task: 'llm/v1/chat',
    openai_config: { openai_api_key: openaiKey, openai_api_base: 'https://api.openai.fake/v1' },
  });
  // A model without reasoning and with 16k output tokens: the fake refuses more, as OpenAI does.
  await createEndpoint(endpoints.gpt4o, {
    name: 'gpt-4o-mini',
    provider: 'openai',
    task: 'llm/v1/chat',
    openai_config: { openai_api_key: openaiKey, openai_api_base: 'https://api.openai.fake/v1' },
  });
  await createEndpoint(endpoints.anthropic, {
    name: 'claude-sonnet-4-5',
    provider: 'anthropic',
    task: 'llm/v1/chat',
    anthropic_config: {
      anthropic_api_key: anthropicKey,
      anthropic_api_base: 'https://api.anthropic.fake',
    },
  });
  token = await tokenFor('carol', {
    [endpoints.openai]: 'CAN_QUERY',
    [endpoints.anthropic]: 'CAN_QUERY',
    [endpoints.gpt4o]: 'CAN_QUERY',
  });
});

/** As the seeds say: a dummy key and the gateway token as Bearer; or the token as the api key. */
const client = (style: 'bearer' | 'apiKey' = 'bearer') =>
  style === 'bearer'
    ? new Anthropic({
        apiKey: 'dummy',
        baseURL: `${GW}/ai-gateway/anthropic`,
        fetch: sdkFetch,
        defaultHeaders: { Authorization: `Bearer ${token}` },
        maxRetries: 0,
      })
    : new Anthropic({
        apiKey: token,
        baseURL: `${GW}/ai-gateway/anthropic`,
        fetch: sdkFetch,
        maxRetries: 0,
      });

const weatherTool: Anthropic.Tool = {
  name: 'get_weather',
  description: 'Weather for a city',
  input_schema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
};

const lastUpstream = (host: string) =>
  [...fakes.calls].reverse().find((c) => c.url.includes(host))!;

describe.each([['openai'], ['anthropic']] as const)(
  'Anthropic SDK against the %s endpoint',
  (kind) => {
    const model = () => endpoints[kind];

    it.each([['bearer'], ['apiKey']] as const)('creates a message (%s auth)', async (style) => {
      const msg = await client(style).messages.create({
        model: model(),
        max_tokens: 256,
        messages: [{ role: 'user', content: 'hello there' }],
      });
      expect(msg.type).toBe('message');
      expect(msg.role).toBe('assistant');
      expect(msg.content).toEqual([
        expect.objectContaining({ type: 'text', text: 'echo: hello there' }),
      ]);
      expect(msg.stop_reason).toBe('end_turn');
      // OpenAI's 11 prompt tokens include 3 cached; Anthropic's input_tokens exclude them.
      expect(msg.usage).toMatchObject(
        kind === 'openai'
          ? { input_tokens: 8, cache_read_input_tokens: 3, output_tokens: 7 }
          : { input_tokens: 21, output_tokens: 9 },
      );
    });

    it('streams a message with messages.stream().finalMessage()', async () => {
      const stream = client().messages.stream({
        model: model(),
        max_tokens: 256,
        messages: [{ role: 'user', content: 'stream me please' }],
      });
      const deltas: string[] = [];
      stream.on('text', (t) => deltas.push(t));
      const msg = await stream.finalMessage();
      expect(deltas.length).toBeGreaterThan(1);
      expect(deltas.join('')).toBe('echo: stream me please');
      expect(msg.content[0]).toMatchObject({ type: 'text', text: 'echo: stream me please' });
      expect(msg.stop_reason).toBe('end_turn');
      expect(msg.usage.output_tokens).toBe(kind === 'openai' ? 7 : 9);
      expect(msg.usage.input_tokens).toBe(kind === 'openai' ? 8 : 21);
    });

    it('runs a non-streamed tool round trip with tool_choice and disable_parallel_tool_use', async () => {
      const c = client();
      const first = await c.messages.create({
        model: model(),
        max_tokens: 512,
        tools: [weatherTool],
        tool_choice: { type: 'tool', name: 'get_weather', disable_parallel_tool_use: true },
        messages: [{ role: 'user', content: 'Weather?' }],
      });
      const use = first.content.find((b): b is Anthropic.ToolUseBlock => b.type === 'tool_use')!;
      const upstream = JSON.parse(
        lastUpstream(kind === 'openai' ? 'openai.fake' : 'anthropic.fake').body,
      );
      if (kind === 'openai') {
        expect(upstream.tool_choice).toEqual({
          type: 'function',
          function: { name: 'get_weather' },
        });
        expect(upstream.parallel_tool_calls).toBe(false);
      } else {
        expect(upstream.tool_choice).toEqual({
          type: 'tool',
          name: 'get_weather',
          disable_parallel_tool_use: true,
        });
      }
      const second = await c.messages.create({
        model: model(),
        max_tokens: 512,
        tools: [weatherTool],
        messages: [
          { role: 'user', content: 'Weather?' },
          { role: 'assistant', content: first.content as Anthropic.ContentBlockParam[] },
          {
            role: 'user',
            content: [
              {
                type: 'tool_result',
                tool_use_id: use.id,
                content: [{ type: 'text', text: 'rain' }],
                is_error: false,
              },
              { type: 'text', text: 'Summarise.' },
            ],
          },
        ],
      });
      expect(second.content[0]).toMatchObject({ type: 'text', text: 'weather: rain' });
    });

    it('sends cache_control on system and message blocks and reports cache usage', async () => {
      const msg = await client().messages.create({
        model: model(),
        max_tokens: 256,
        system: [
          { type: 'text', text: 'You are terse.', cache_control: { type: 'ephemeral' } },
          { type: 'text', text: 'Answer in English.' },
        ],
        messages: [
          {
            role: 'user',
            content: [
              {
                type: 'text',
                text: 'cached question',
                cache_control: { type: 'ephemeral', ttl: '1h' },
              },
            ],
          },
        ],
      });
      expect(msg.content[0]).toMatchObject({ text: 'echo: cached question' });
      if (kind === 'anthropic') {
        expect(msg.usage).toMatchObject({
          input_tokens: 21,
          cache_read_input_tokens: 100,
          cache_creation_input_tokens: 20,
        });
        const upstream = JSON.parse(lastUpstream('anthropic.fake').body);
        expect(upstream.system[0].cache_control).toEqual({ type: 'ephemeral' });
        expect(upstream.messages[0].content[0].cache_control).toEqual({
          type: 'ephemeral',
          ttl: '1h',
        });
        const rows = await waitForUsage(model(), 1, (r) => r.cache_read_input_tokens === 100);
        expect(rows[0]).toMatchObject({
          input_tokens: 141,
          output_tokens: 9,
          cache_creation_input_tokens: 20,
          api_type: 'anthropic/messages',
        });
      } else {
        const upstream = JSON.parse(lastUpstream('openai.fake').body);
        expect(upstream.messages[0]).toEqual({ role: 'system', content: 'You are terse.' });
        expect(upstream.messages[1]).toEqual({ role: 'system', content: 'Answer in English.' });
        expect(msg.usage.cache_read_input_tokens).toBe(3);
      }
    });

    it('answers a missing max_tokens with a 400 in the Anthropic shape naming the field', async () => {
      const err = await client()
        .messages.create({ model: model(), messages: [{ role: 'user', content: 'x' }] } as any)
        .catch((e) => e);
      expect(err).toBeInstanceOf(Anthropic.BadRequestError);
      expect(err.status).toBe(400);
      expect(err.error).toMatchObject({
        type: 'error',
        error: { type: 'invalid_request_error', message: expect.stringContaining('max_tokens') },
      });
    });

    it('accepts ?beta=true (the SDK beta namespace) and answers count_tokens', async () => {
      const msg = await client().beta.messages.create({
        model: model(),
        max_tokens: 64,
        messages: [{ role: 'user', content: 'beta hi' }],
        betas: ['context-management-2025-06-27'],
      });
      expect(msg.content[0]).toMatchObject({ type: 'text', text: 'echo: beta hi' });
      const count = await client()
        .messages.countTokens({
          model: model(),
          messages: [{ role: 'user', content: 'count these tokens please' }],
          tools: [weatherTool],
        })
        .withResponse();
      expect(count.data.input_tokens).toEqual(kind === 'anthropic' ? 42 : expect.any(Number));
      expect(count.response.headers.get('x-gateway-token-count')).toBe(
        kind === 'anthropic' ? 'exact' : 'estimated',
      );
    });
  },
);

describe('Anthropic front door details', () => {
  it('forwards anthropic-version and anthropic-beta to Anthropic, the provider key as x-api-key, never the token', async () => {
    await client().messages.create(
      { model: endpoints.anthropic, max_tokens: 32, messages: [{ role: 'user', content: 'hdr' }] },
      { headers: { 'anthropic-beta': 'context-management-2025-06-27' } },
    );
    const up = lastUpstream('anthropic.fake');
    expect(up.url).toBe('https://api.anthropic.fake/v1/messages');
    expect(up.headers['x-api-key']).toBe('sk-ant-upstream');
    expect(up.headers['anthropic-version']).toBe('2026-10-21');
    expect(up.headers['anthropic-beta']).toBe('context-management-2025-06-27');
    expect(up.headers.authorization).toBeUndefined();
    expect(JSON.stringify(up)).not.toContain(token);
    expect(JSON.parse(up.body).model).toBe('claude-sonnet-4-5');
  });

  it('keeps signed thinking blocks through a tool round trip (passthrough) and maps thinking for OpenAI', async () => {
    const c = client();
    const messages: Anthropic.MessageParam[] = [
      { role: 'user', content: 'Think, then check the weather.' },
    ];
    const thinking = { type: 'enabled', budget_tokens: 2048 } as const;
    const first = await c.messages
      .stream({
        model: endpoints.anthropic,
        max_tokens: 4096,
        thinking,
        tools: [weatherTool],
        messages,
      })
      .finalMessage();
    const block = first.content[0] as Anthropic.ThinkingBlock;
    expect(block).toMatchObject({ type: 'thinking', thinking: 'Let me think about this.' });
    expect(block.signature).toBe(fakeSignature(block.thinking));
    const use = first.content.find((b): b is Anthropic.ToolUseBlock => b.type === 'tool_use')!;
    messages.push({ role: 'assistant', content: first.content as Anthropic.ContentBlockParam[] });
    messages.push({
      role: 'user',
      content: [{ type: 'tool_result', tool_use_id: use.id, content: 'cloudy' }],
    });
    const second = await c.messages.create({
      model: endpoints.anthropic,
      max_tokens: 4096,
      thinking,
      tools: [weatherTool],
      messages,
    });
    expect(second.content.find((b) => b.type === 'text')).toMatchObject({
      text: 'weather: cloudy',
    });

    await c.messages.create({
      model: endpoints.openai,
      max_tokens: 4096,
      thinking: { type: 'enabled', budget_tokens: 8000 },
      messages: [{ role: 'user', content: 'think hard' }],
    });
    expect(JSON.parse(lastUpstream('openai.fake').body)).toMatchObject({
      reasoning_effort: 'medium',
      max_completion_tokens: 4096,
    });
  });

  it('translates a mid-conversation system message for an OpenAI provider and passes it to Anthropic', async () => {
    const messages: Anthropic.MessageParam[] = [
      { role: 'user', content: 'first' },
      { role: 'assistant', content: 'ok' },
      { role: 'user', content: 'second' },
      { role: 'system', content: 'Reminder: be brief.' },
    ];
    const viaOpenAI = await client().messages.create({
      model: endpoints.openai,
      max_tokens: 64,
      system: 'top',
      messages,
    });
    expect(viaOpenAI.content[0]).toMatchObject({ text: 'echo: second' });
    expect(JSON.parse(lastUpstream('openai.fake').body).messages.map((m: any) => m.role)).toEqual([
      'system',
      'user',
      'assistant',
      'user',
      'system',
    ]);
    const viaAnthropic = await client().messages.create({
      model: endpoints.anthropic,
      max_tokens: 64,
      system: 'top',
      messages,
    });
    expect(viaAnthropic.content[0]).toMatchObject({ text: 'echo: second' });
  });

  it('re-shapes upstream errors into the Anthropic shape with the upstream status', async () => {
    const bad = unique('a-badkey');
    await createEndpoint(bad, {
      name: 'claude-x',
      provider: 'anthropic',
      task: 'llm/v1/chat',
      anthropic_config: {
        anthropic_api_key_plaintext: 'wrong',
        anthropic_api_base: 'https://api.anthropic.fake',
      },
    });
    const badOpenAI = unique('a-badopenai');
    await createEndpoint(badOpenAI, {
      name: 'gpt-x',
      provider: 'openai',
      task: 'llm/v1/chat',
      openai_config: {
        openai_api_key_plaintext: 'wrong',
        openai_api_base: 'https://api.openai.fake/v1',
      },
    });
    const admin = new Anthropic({
      apiKey: 'dummy',
      baseURL: `${GW}/ai-gateway/anthropic`,
      fetch: sdkFetch,
      defaultHeaders: { Authorization: `Bearer ${(await import('../helpers/gateway')).ADMIN}` },
      maxRetries: 0,
    });
    for (const [endpoint, text] of [
      [bad, 'invalid x-api-key'],
      [badOpenAI, 'Incorrect API key'],
    ]) {
      for (const stream of [false, true]) {
        const err = await admin.messages
          .create({
            model: endpoint,
            max_tokens: 16,
            stream,
            messages: [{ role: 'user', content: 'x' }],
          } as any)
          .catch((e) => e);
        expect(err).toBeInstanceOf(Anthropic.AuthenticationError);
        expect(err.error).toMatchObject({
          type: 'error',
          error: { type: 'authentication_error', message: expect.stringContaining(text) },
        });
      }
    }
    const missing = await client()
      .messages.create({
        model: 'no-such-endpoint',
        max_tokens: 16,
        messages: [{ role: 'user', content: 'x' }],
      })
      .catch((e) => e);
    expect(missing).toBeInstanceOf(Anthropic.NotFoundError);
  });

  it('answers HEAD on the base URL without credentials, and 401s a request without them', async () => {
    const { SELF } = await import('cloudflare:test');
    const head = await SELF.fetch(`${GW}/ai-gateway/anthropic`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    const res = await SELF.fetch(`${GW}/ai-gateway/anthropic/v1/messages?beta=true`, {
      method: 'POST',
      body: '{}',
    });
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({
      type: 'error',
      error: { type: 'authentication_error' },
    });
  });
});

/** What Claude Code 2.1 sends (CLIENTS.md): x-api-key, ?beta=true, betas, system blocks, a trailing system message. */
function claudeCodeRequest(model: string) {
  return {
    headers: {
      'x-api-key': token,
      'anthropic-version': '2023-06-01',
      'anthropic-beta':
        'claude-code-20250219,interleaved-thinking-2025-05-14,context-management-2025-06-27,mid-conversation-system-2026-04-07,effort-2025-11-24',
      'x-app': 'cli',
      'user-agent': 'claude-cli/2.1.0 (external, cli)',
    },
    body: {
      model,
      max_tokens: 32000,
      stream: true,
      system: [
        { type: 'text', text: 'x-anthropic-billing-header: cc_version=2.1.0' },
        { type: 'text', text: 'You are Claude Code.', cache_control: { type: 'ephemeral' } },
        { type: 'text', text: 'Environment: linux', cache_control: { type: 'ephemeral' } },
      ],
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: '<system-reminder>ctx</system-reminder>' },
            { type: 'text', text: 'say hi', cache_control: { type: 'ephemeral' } },
          ],
        },
        { role: 'system', content: 'Plan mode is off.' },
      ],
      tools: [
        {
          name: 'Bash',
          description: 'Run a command',
          input_schema: {
            $schema: 'https://json-schema.org/draft/2020-12/schema',
            type: 'object',
            properties: { command: { type: 'string' } },
            required: ['command'],
            additionalProperties: false,
          },
        },
      ],
      tool_choice: { type: 'none' },
      thinking: { type: 'adaptive' },
      context_management: { edits: [{ type: 'clear_thinking_20251015' }] },
      output_config: { effort: 'high' },
      metadata: { user_id: '{"device_id":"d1","session_id":"s1"}' },
    },
  };
}

const sseData = (text: string) =>
  text
    .split('\n\n')
    .filter((f) => f.includes('data: '))
    .map((f) => JSON.parse(f.slice(f.indexOf('data: ') + 6)));

describe('Claude Code against the gateway', () => {
  it('passes its request to Anthropic untouched but for the model, betas and version included', async () => {
    const { headers, body } = claudeCodeRequest(endpoints.anthropic);
    const res = await call(
      'POST',
      '/ai-gateway/anthropic/v1/messages?beta=true',
      null,
      body,
      headers,
    );
    expect(res.status).toBe(200);
    const events = sseData(res.text);
    expect(events[0]).toMatchObject({
      type: 'message_start',
      message: { usage: { input_tokens: 21, cache_read_input_tokens: 100 } },
    });
    expect(
      events.filter((e) => e.type === 'content_block_start').map((e) => e.content_block.type),
    ).toEqual(['thinking', 'text']);
    expect(events.at(-1)).toEqual({ type: 'message_stop' });
    const up = lastUpstream('anthropic.fake');
    expect(up.url).toBe('https://api.anthropic.fake/v1/messages');
    expect(up.headers['anthropic-beta']).toBe(headers['anthropic-beta']);
    expect(up.headers['anthropic-version']).toBe('2023-06-01');
    expect(JSON.parse(up.body)).toEqual({ ...body, model: 'claude-sonnet-4-5' });
  });

  it('is translated for an OpenAI endpoint: system turns kept, Anthropic-only fields left out', async () => {
    const { headers, body } = claudeCodeRequest(endpoints.openai);
    const res = await call(
      'POST',
      '/ai-gateway/anthropic/v1/messages?beta=true',
      null,
      body,
      headers,
    );
    expect(res.status).toBe(200);
    const events = sseData(res.text);
    expect(
      events
        .filter((e) => e.type === 'content_block_delta')
        .map((e) => e.delta.text)
        .join(''),
    ).toBe('echo: <system-reminder>ctx</system-reminder>say hi');
    const up = JSON.parse(lastUpstream('openai.fake').body);
    expect(up.messages.map((m: any) => m.role)).toEqual([
      'system',
      'system',
      'system',
      'user',
      'system',
    ]);
    expect(up).toMatchObject({
      reasoning_effort: 'high',
      tool_choice: 'none',
      max_completion_tokens: 32000,
    });
    expect(up.tools[0].function.parameters.additionalProperties).toBe(false);
    expect(up).not.toHaveProperty('context_management');
    expect(up).not.toHaveProperty('metadata');
  });

  it('works against a model without reasoning and with fewer output tokens: retried once without what it refused, then learned', async () => {
    const { headers, body } = claudeCodeRequest(endpoints.gpt4o);
    const before = fakes.calls.length;
    const first = await call(
      'POST',
      '/ai-gateway/anthropic/v1/messages?beta=true',
      null,
      body,
      headers,
    );
    expect(first.status, first.text).toBe(200);
    const sent = fakes.calls.slice(before).map((c) => JSON.parse(c.body));
    // Refused twice (reasoning_effort, then 32000 output tokens), answered the third time.
    expect(sent.map((b) => [b.reasoning_effort, b.max_completion_tokens])).toEqual([
      ['high', 32000],
      [undefined, 32000],
      [undefined, 16384],
    ]);
    const again = fakes.calls.length;
    expect(
      (await call('POST', '/ai-gateway/anthropic/v1/messages?beta=true', null, body, headers))
        .status,
    ).toBe(200);
    expect(fakes.calls.slice(again).map((c) => JSON.parse(c.body).max_completion_tokens)).toEqual([
      16384,
    ]);
    // The caller's own explicit OpenAI request is passed through and refused as OpenAI refuses it.
    const direct = await call('POST', '/ai-gateway/openai/v1/chat/completions', token, {
      model: endpoints.gpt4o,
      reasoning_effort: 'low',
      messages: [{ role: 'user', content: 'x' }],
    });
    expect(direct.status).toBe(400);
    expect(direct.json.error).toMatchObject({ param: 'reasoning_effort' });
  });

  it('passes an upstream 429 on with retry-after and an upstream 400 with its message, in the Anthropic shape', async () => {
    for (const stream of [false, true]) {
      const err = await client()
        .messages.create({
          model: endpoints.anthropic,
          max_tokens: 16,
          stream,
          messages: [{ role: 'user', content: 'rate limit me' }],
        } as any)
        .catch((e) => e);
      expect(err).toBeInstanceOf(Anthropic.RateLimitError);
      expect(err.headers.get('retry-after')).toBe('17');
      expect(err.error.error).toEqual({
        type: 'rate_limit_error',
        message: 'Number of request tokens has exceeded your per-minute rate limit',
      });
    }
    const bad = await client()
      .messages.create({
        model: endpoints.anthropic,
        max_tokens: 16,
        messages: [{ role: 'assistant', content: 'I start' }],
      })
      .catch((e) => e);
    expect(bad).toBeInstanceOf(Anthropic.BadRequestError);
    expect(bad.error.error.message).toBe('messages: first message must use the "user" role');
  });
});
