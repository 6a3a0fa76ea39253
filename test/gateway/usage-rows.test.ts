import { SELF } from 'cloudflare:test';
import { afterAll, describe, expect, it } from 'vitest';
import {
  ADMIN,
  call,
  createEndpoint,
  GW,
  unique,
  usageRows,
  waitForUsage,
} from '../helpers/gateway';
import {
  chatEndpoint,
  fakeOpenAIEntity,
  FAKE_OPENAI_HOST,
  FAKE_OPENAI_KEY,
  principalToken,
  putAiGateway,
} from '../helpers/ai-gateway';
import { fakeOpenAI } from '../fakes/openai-upstream';
import { installFakeUpstreams, jsonResponse, sseResponse } from '../fakes/router';

// Exactly one usage row per request, whatever happened: success, upstream error, refusal,
// client abort mid-stream (with the tokens so far), and estimates when a provider counts nothing.

const encoder = new TextEncoder();
const chunk = (delta: Record<string, unknown>) =>
  `data: ${JSON.stringify({ id: 'c1', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index: 0, delta, finish_reason: null }] })}\n\n`;

/** Streams two chunks, then nothing until the gateway goes away (which it must notice). */
let upstreamCancelled = 0;
function stallingStream(): Response {
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(chunk({ role: 'assistant', content: '' })));
      controller.enqueue(
        encoder.encode(chunk({ content: 'The first forty characters of an answer.' })),
      );
    },
    cancel() {
      upstreamCancelled++;
    },
  });
  return new Response(stream, { headers: { 'content-type': 'text/event-stream' } });
}

/** A provider stream that sends its final frame and then keeps the connection open. */
function finalFrameThenStall(frames: string[]): Response {
  const stream = new ReadableStream<Uint8Array>({
    start: (controller) => frames.forEach((f) => controller.enqueue(encoder.encode(f))),
  });
  return new Response(stream, { headers: { 'content-type': 'text/event-stream' } });
}
const event = (type: string, data: Record<string, unknown>) =>
  `event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`;
const FINAL_FRAMES: Record<string, string[]> = {
  '/v1/chat/completions': [
    chunk({ role: 'assistant', content: 'done' }),
    `data: ${JSON.stringify({ id: 'c1', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [], usage: { prompt_tokens: 5, completion_tokens: 3, total_tokens: 8 } })}\n\n`,
    'data: [DONE]\n\n',
  ],
  '/v1/messages': [
    event('message_start', {
      message: {
        id: 'msg_1',
        type: 'message',
        role: 'assistant',
        model: 'm',
        content: [],
        stop_reason: null,
        stop_sequence: null,
        usage: { input_tokens: 5, output_tokens: 1 },
      },
    }),
    event('content_block_start', { index: 0, content_block: { type: 'text', text: '' } }),
    event('content_block_delta', { index: 0, delta: { type: 'text_delta', text: 'done' } }),
    event('content_block_stop', { index: 0 }),
    event('message_delta', {
      delta: { stop_reason: 'end_turn', stop_sequence: null },
      usage: { output_tokens: 3 },
    }),
    event('message_stop', {}),
  ],
  '/v1/responses': [
    event('response.created', {
      sequence_number: 0,
      response: { id: 'resp_1', object: 'response', status: 'in_progress', output: [] },
    }),
    event('response.completed', {
      sequence_number: 1,
      response: {
        id: 'resp_1',
        object: 'response',
        status: 'completed',
        output: [],
        usage: { input_tokens: 5, output_tokens: 3, total_tokens: 8 },
      },
    }),
  ],
};

const fakes = installFakeUpstreams({
  'final.fake': (request) => finalFrameThenStall(FINAL_FRAMES[new URL(request.url).pathname]),
  [FAKE_OPENAI_HOST]: fakeOpenAI({ apiKey: FAKE_OPENAI_KEY }),
  'stall.fake': () => stallingStream(),
  'broken.fake': () => jsonResponse({ error: { message: 'boom', type: 'server_error' } }, 500),
  // An OpenAI-compatible server that never reports usage.
  'silent.fake': async (request) => {
    const body = await request.json<any>();
    if (body.stream)
      return sseResponse([
        chunk({ role: 'assistant', content: '' }),
        chunk({ content: 'twelve chars' }),
        'data: [DONE]\n\n',
      ]);
    return jsonResponse({
      id: 'x',
      object: 'chat.completion',
      created: 1,
      model: 'm',
      choices: [
        {
          index: 0,
          finish_reason: 'stop',
          message: { role: 'assistant', content: 'twelve chars' },
        },
      ],
    });
  },
});
afterAll(() => fakes.restore());

const TAGS = { team: 'usage', run: 'r1' };
const tagHeader = { 'Databricks-Ai-Gateway-Request-Tags': JSON.stringify(TAGS) };

async function endpointOn(host: string, aiGateway?: Record<string, unknown>) {
  const name = unique(host.split('.')[0]);
  await createEndpoint(
    name,
    await fakeOpenAIEntity('m', 'only', host),
    aiGateway ? { ai_gateway: aiGateway } : {},
  );
  return name;
}

/** Waits a little longer than the row write takes and checks that exactly one row exists. */
async function onlyRow(endpoint: string) {
  const [row] = await waitForUsage(endpoint, 1);
  await new Promise((r) => setTimeout(r, 100));
  expect(await usageRows(endpoint)).toHaveLength(1);
  return row;
}

/** Reads the first bytes of a stream, then walks away from it. */
async function abortAfterFirstChunk(path: string, body: Record<string, unknown>) {
  const res = await SELF.fetch(`${GW}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json', ...tagHeader },
    body: JSON.stringify(body),
  });
  expect(res.status).toBe(200);
  const reader = res.body!.getReader();
  let seen = '';
  while (!seen.includes('forty')) seen += new TextDecoder().decode((await reader.read()).value);
  await reader.cancel();
  return seen;
}

/** Streams a request and walks away once `finalFrame` has arrived. */
async function cancelAfter(
  path: string,
  body: Record<string, unknown>,
  finalFrame: string,
  token = ADMIN,
) {
  const res = await SELF.fetch(`${GW}${path}`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
      'anthropic-version': '2023-06-01',
    },
    body: JSON.stringify(body),
  });
  expect(res.status).toBe(200);
  const reader = res.body!.getReader();
  let seen = '';
  while (!seen.includes(finalFrame)) seen += new TextDecoder().decode((await reader.read()).value);
  await reader.cancel();
}

describe('one usage row per request', () => {
  it('success: tokens from the provider and the request tags', async () => {
    const endpoint = await endpointOn(FAKE_OPENAI_HOST);
    const res = await call(
      'POST',
      '/ai-gateway/mlflow/v1/chat/completions',
      ADMIN,
      { model: endpoint, messages: [{ role: 'user', content: 'x' }] },
      tagHeader,
    );
    expect(res.status).toBe(200);
    expect(await onlyRow(endpoint)).toMatchObject({
      status_code: 200,
      input_tokens: 11,
      output_tokens: 7,
      tokens_estimated: false,
      request_tags: TAGS,
    });
  });

  it('upstream error: the status the client got and the error message', async () => {
    const endpoint = await endpointOn('broken.fake');
    const res = await call(
      'POST',
      '/ai-gateway/mlflow/v1/chat/completions',
      ADMIN,
      { model: endpoint, messages: [{ role: 'user', content: 'x' }] },
      tagHeader,
    );
    expect(res.status).toBe(502);
    expect(await onlyRow(endpoint)).toMatchObject({
      status_code: 502,
      error_message: 'boom',
      total_tokens: 0,
      request_tags: TAGS,
      served_entity_name: 'only',
    });
  });

  it('refusal: a 429 from a rate limit, with the tags', async () => {
    const endpoint = await chatEndpoint('usage-429', {
      rate_limits: [{ key: 'user', calls: 1, renewal_period: 'minute' }],
    });
    const token = await principalToken('usage-429-user', [endpoint]);
    const body = { model: endpoint, messages: [{ role: 'user', content: 'x' }] };
    expect(
      (await call('POST', '/ai-gateway/mlflow/v1/chat/completions', token, body, tagHeader)).status,
    ).toBe(200);
    expect(
      (await call('POST', '/ai-gateway/mlflow/v1/chat/completions', token, body, tagHeader)).status,
    ).toBe(429);
    const rows = await waitForUsage(endpoint, 2);
    expect(rows.map((r) => r.status_code).sort()).toEqual([200, 429]);
    expect(rows.every((r) => r.request_tags.team === 'usage')).toBe(true);
  });

  it.each([
    ['passed through, unified route', '/ai-gateway/mlflow/v1/chat/completions', undefined],
    ['passed through, native route', '/ai-gateway/openai/v1/chat/completions', undefined],
    // A guardrail turns passthrough off, so this stream is decoded and re-encoded.
    [
      'translated',
      '/ai-gateway/mlflow/v1/chat/completions',
      { guardrails: { output: { invalid_keywords: ['nope'] } } },
    ],
  ])(
    'client abort mid-stream (%s): status 499 with the tokens so far, and the upstream call is cancelled',
    async (_, path, aiGateway) => {
      const endpoint = await endpointOn('stall.fake', aiGateway);
      const before = upstreamCancelled;
      await abortAfterFirstChunk(path, {
        model: endpoint,
        stream: true,
        messages: [{ role: 'user', content: 'tell me a long story' }],
      });
      const row = await onlyRow(endpoint);
      expect(row).toMatchObject({
        status_code: 499,
        streaming: true,
        tokens_estimated: true,
        request_tags: TAGS,
      });
      expect(row.output_tokens).toBeGreaterThan(0);
      expect(row.input_tokens).toBeGreaterThan(0);
      expect(row.error_message).toContain('client closed');
      expect(upstreamCancelled).toBe(before + 1);
    },
  );

  it('keeps no row while usage_tracking_config is disabled, still charging the token budget; the next request after enabling it has one', async () => {
    const endpoint = await chatEndpoint('untracked', {
      usage_tracking_config: { enabled: false },
      rate_limits: [{ key: 'user', tokens: 20, renewal_period: 'minute' }],
    });
    const token = await principalToken('untracked-user', [endpoint]);
    const body = { model: endpoint, messages: [{ role: 'user', content: 'x' }] };
    expect((await call('POST', '/ai-gateway/mlflow/v1/chat/completions', token, body)).status).toBe(
      200,
    );
    // 18 of 20 tokens spent by the untracked call: the budget was still charged.
    await new Promise((r) => setTimeout(r, 200));
    expect(await usageRows(endpoint)).toHaveLength(0);
    await putAiGateway(endpoint, {
      usage_tracking_config: { enabled: true },
      rate_limits: [{ key: 'user', tokens: 20, renewal_period: 'minute' }],
    });
    expect((await call('POST', '/ai-gateway/mlflow/v1/chat/completions', token, body)).status).toBe(
      200,
    );
    const [row] = await waitForUsage(endpoint, 1);
    expect(row).toMatchObject({ status_code: 200, requester: 'untracked-user', total_tokens: 18 });
    expect((await call('POST', '/ai-gateway/mlflow/v1/chat/completions', token, body)).status).toBe(
      429,
    );
  });

  it.each([
    [
      'OpenAI chat',
      'openai',
      '/ai-gateway/openai/v1/chat/completions',
      { messages: [{ role: 'user', content: 'x' }], stream_options: { include_usage: true } },
      'data: [DONE]',
    ],
    [
      'Anthropic messages',
      'anthropic',
      '/ai-gateway/anthropic/v1/messages',
      { max_tokens: 10, messages: [{ role: 'user', content: 'x' }] },
      'event: message_stop',
    ],
    [
      'Responses',
      'openai',
      '/ai-gateway/openai/v1/responses',
      { input: 'x', store: false },
      'event: response.completed',
    ],
  ])(
    'a passthrough %s stream cancelled right after its final frame is a 200 with the real tokens',
    async (_, provider, path, body, finalFrame) => {
      const name = unique('final');
      const model =
        provider === 'openai'
          ? {
              name: 'm',
              provider,
              task: 'llm/v1/chat',
              openai_config: {
                openai_api_key_plaintext: 'sk-final',
                openai_api_base: 'https://final.fake/v1',
              },
            }
          : {
              name: 'm',
              provider,
              task: 'llm/v1/chat',
              anthropic_config: {
                anthropic_api_key_plaintext: 'sk-final',
                anthropic_api_base: 'https://final.fake',
              },
            };
      await createEndpoint(name, model);
      await cancelAfter(path, { model: name, stream: true, ...body }, finalFrame);
      expect(await onlyRow(name)).toMatchObject({
        status_code: 200,
        input_tokens: 5,
        output_tokens: 3,
        tokens_estimated: false,
        streaming: true,
      });
    },
  );

  it.each([[false], [true]])(
    'estimates and flags tokens when the provider reports none (stream: %s)',
    async (stream) => {
      const endpoint = await endpointOn('silent.fake');
      const res = await call('POST', '/ai-gateway/mlflow/v1/chat/completions', ADMIN, {
        model: endpoint,
        stream,
        messages: [{ role: 'user', content: 'count me' }],
      });
      expect(res.status).toBe(200);
      const row = await onlyRow(endpoint);
      // Passed through, the estimate counts the provider's frames, not only the answer's text.
      expect(row).toMatchObject({ status_code: 200, tokens_estimated: true });
      expect(row.input_tokens).toBeGreaterThan(0);
      expect(row.output_tokens).toBeGreaterThanOrEqual(3);
    },
  );

  it('counts requests by provider in the usage summary (the rollups the consumer keeps)', async () => {
    const openai = await endpointOn(FAKE_OPENAI_HOST);
    const anthropic = unique('claude');
    await createEndpoint(anthropic, {
      name: 'm',
      provider: 'anthropic',
      task: 'llm/v1/chat',
      anthropic_config: {
        anthropic_api_key_plaintext: 'sk-final',
        anthropic_api_base: 'https://final.fake',
      },
    });
    const principal = unique('by-provider');
    const token = await principalToken(principal, [openai, anthropic]);
    for (let i = 0; i < 2; i++) {
      const res = await call('POST', '/ai-gateway/mlflow/v1/chat/completions', token, {
        model: openai,
        messages: [{ role: 'user', content: 'x' }],
      });
      expect(res.status).toBe(200);
    }
    await cancelAfter(
      '/ai-gateway/anthropic/v1/messages',
      {
        model: anthropic,
        stream: true,
        max_tokens: 10,
        messages: [{ role: 'user', content: 'x' }],
      },
      'event: message_stop',
      token,
    );
    await waitForUsage(openai, 2);
    await waitForUsage(anthropic, 1);
    const res = await call(
      'GET',
      `/api/2.0/ai-gateway/usage/summary?group_by=provider&requester=${principal}`,
      ADMIN,
    );
    expect(res.json.groups.map((g: any) => [g.key, g.requests, g.input_tokens])).toEqual([
      ['openai', 2, 22],
      ['anthropic', 1, 5],
    ]);
  });
});
