import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INFERENCE_BODY_LIMIT } from '../../src/gateway/inference-log';
import { fakeAnthropic } from '../fakes/anthropic-upstream';
import { fakeOpenAI } from '../fakes/openai-upstream';
import { installFakeUpstreams } from '../fakes/router';
import {
  admin,
  ADMIN,
  call,
  createEndpoint,
  tokenFor,
  unique,
  waitForUsage,
} from '../helpers/gateway';

// Inference tables: one row per request with the request, the answer (streams reassembled into
// the final message), status, requester, tags and timings; large bodies truncated and flagged.

const fakes = installFakeUpstreams({
  'api.openai.fake': fakeOpenAI({ apiKey: 'sk-inf' }),
  'api.anthropic.fake': fakeAnthropic({ apiKey: 'sk-ant-inf' }),
});
afterAll(() => fakes.restore());

const openaiModel = (key = 'sk-inf') => ({
  name: 'gpt-4o-mini',
  provider: 'openai',
  task: 'llm/v1/chat',
  openai_config: { openai_api_key_plaintext: key, openai_api_base: 'https://api.openai.fake/v1' },
});
const ENABLED = { ai_gateway: { inference_table_config: { enabled: true } } };
const CHAT = '/ai-gateway/mlflow/v1/chat/completions';

let gpt: string;
let claude: string;
let user: string;

beforeAll(async () => {
  gpt = unique('inf-gpt');
  claude = unique('inf-claude');
  await createEndpoint(gpt, openaiModel(), ENABLED);
  await createEndpoint(
    claude,
    {
      name: 'claude-sonnet-4-5',
      provider: 'anthropic',
      task: 'llm/v1/chat',
      anthropic_config: {
        anthropic_api_key_plaintext: 'sk-ant-inf',
        anthropic_api_base: 'https://api.anthropic.fake',
      },
    },
    ENABLED,
  );
  user = await tokenFor(unique('inf-user'), { [gpt]: 'CAN_QUERY', [claude]: 'CAN_QUERY' });
});

async function inferenceRows(endpoint: string, count: number) {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const res = await admin(
      'GET',
      `/api/2.0/ai-gateway/inference?endpoint_name=${endpoint}&max_results=1000`,
    );
    expect(res.status).toBe(200);
    if (res.json.rows.length >= count || Date.now() > deadline) return res.json.rows as any[];
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** The row of one request (written after the response, so it may take a moment). */
async function rowFor(endpoint: string, requestId: string) {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    const row = (await inferenceRows(endpoint, 0)).find((r) => r.request_id === requestId);
    if (row) return row;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`no inference row for ${requestId}`);
}

describe('inference tables', () => {
  it('logs a chat request and its answer with requester, tags and timings', async () => {
    const res = await call(
      'POST',
      CHAT,
      user,
      { model: gpt, messages: [{ role: 'user', content: 'log me' }] },
      { 'Databricks-Ai-Gateway-Request-Tags': '{"team":"search"}' },
    );
    expect(res.status).toBe(200);
    const row = await rowFor(gpt, res.headers.get('x-request-id')!);
    expect(row).toMatchObject({
      endpoint_name: gpt,
      served_entity_name: 'entity-0',
      status_code: 200,
      truncated: false,
      request_tags: { team: 'search' },
    });
    expect(row.requester).toMatch(/^inf-user/);
    expect(JSON.parse(row.request_body).messages[0].content).toBe('log me');
    expect(JSON.parse(row.response_body).choices[0].message.content).toBe('echo: log me');
    expect(row.latency_ms).toBeGreaterThanOrEqual(0);
    expect(row.time_to_first_byte_ms).toBeGreaterThanOrEqual(0);
  });

  it('reassembles a passthrough stream into the final message', async () => {
    const res = await call('POST', CHAT, user, {
      model: gpt,
      stream: true,
      messages: [{ role: 'user', content: 'stream me' }],
    });
    expect(res.text).toContain('data: [DONE]');
    const row = await rowFor(gpt, res.headers.get('x-request-id')!);
    const answer = JSON.parse(row.response_body);
    expect(answer.object).toBe('chat.completion');
    expect(answer.choices[0]).toMatchObject({
      message: { role: 'assistant', content: 'echo: stream me' },
      finish_reason: 'stop',
    });
    expect(answer.usage.total_tokens).toBe(18);
  });

  it('reassembles a translated stream (Anthropic caller, OpenAI provider) in the caller’s dialect', async () => {
    const anthropicOnGpt = await call(
      'POST',
      '/ai-gateway/anthropic/v1/messages',
      user,
      {
        model: gpt,
        max_tokens: 50,
        stream: true,
        messages: [{ role: 'user', content: 'translate me' }],
      },
      { 'anthropic-version': '2023-06-01' },
    );
    expect(anthropicOnGpt.status).toBe(200);
    expect(anthropicOnGpt.text).toContain('message_stop');
    const row = await rowFor(gpt, anthropicOnGpt.headers.get('x-request-id')!);
    const answer = JSON.parse(row.response_body);
    expect(answer).toMatchObject({
      type: 'message',
      role: 'assistant',
      content: [{ type: 'text', text: 'echo: translate me' }],
      stop_reason: 'end_turn',
    });
  });

  it('logs a translated answer in the caller’s dialect', async () => {
    const res = await call(
      'POST',
      '/ai-gateway/anthropic/v1/messages',
      user,
      { model: gpt, max_tokens: 50, messages: [{ role: 'user', content: 'whole' }] },
      { 'anthropic-version': '2023-06-01' },
    );
    expect(res.status).toBe(200);
    const row = await rowFor(gpt, res.headers.get('x-request-id')!);
    expect(JSON.parse(row.response_body)).toEqual(res.json);
  });

  it('reassembles an Anthropic passthrough stream', async () => {
    const res = await call(
      'POST',
      '/ai-gateway/anthropic/v1/messages',
      user,
      {
        model: claude,
        max_tokens: 50,
        stream: true,
        messages: [{ role: 'user', content: 'native' }],
      },
      { 'anthropic-version': '2023-06-01' },
    );
    expect(res.status).toBe(200);
    const row = await rowFor(claude, res.headers.get('x-request-id')!);
    expect(JSON.parse(row.response_body)).toMatchObject({
      type: 'message',
      content: [{ type: 'text', text: 'echo: native' }],
    });
  });

  it('reassembles a Responses API stream into the response object', async () => {
    const res = await call('POST', '/ai-gateway/mlflow/v1/responses', user, {
      model: gpt,
      stream: true,
      input: 'respond',
    });
    expect(res.status).toBe(200);
    const row = await rowFor(gpt, res.headers.get('x-request-id')!);
    const answer = JSON.parse(row.response_body);
    expect(answer.object).toBe('response');
    expect(JSON.stringify(answer.output)).toContain('echo: respond');
  });

  it('truncates large bodies at the documented limit and flags the row', async () => {
    const big = 'x'.repeat(INFERENCE_BODY_LIMIT + 500);
    const res = await call('POST', CHAT, user, {
      model: gpt,
      messages: [{ role: 'user', content: big }],
    });
    expect(res.status).toBe(200);
    const row = await rowFor(gpt, res.headers.get('x-request-id')!);
    expect(row.truncated).toBe(true);
    expect(row.request_body).toHaveLength(INFERENCE_BODY_LIMIT);
    expect(row.response_body).toHaveLength(INFERENCE_BODY_LIMIT);
  });

  it('logs failures with their status and message', async () => {
    const bad = unique('inf-bad');
    await createEndpoint(bad, openaiModel('wrong-key'), ENABLED);
    const res = await call('POST', CHAT, ADMIN, {
      model: bad,
      messages: [{ role: 'user', content: 'x' }],
    });
    expect(res.status).toBe(401);
    const row = await rowFor(bad, res.headers.get('x-request-id')!);
    expect(row.status_code).toBe(401);
    expect(JSON.parse(row.response_body).error).toContain('Incorrect API key');
  });

  it('logs refusals too: no permission, rate limited', async () => {
    const limited = unique('inf-limited');
    await createEndpoint(limited, openaiModel(), {
      ai_gateway: {
        inference_table_config: { enabled: true },
        rate_limits: [{ key: 'endpoint', calls: 1, renewal_period: 'minute' }],
      },
    });
    const outsider = await tokenFor(unique('inf-outsider'), {});
    const body = { model: limited, messages: [{ role: 'user', content: 'let me in' }] };
    const denied = await call('POST', CHAT, outsider, body);
    expect(denied.status).toBe(403);
    expect((await call('POST', CHAT, ADMIN, body)).status).toBe(200);
    const limitedRes = await call('POST', CHAT, ADMIN, body);
    expect(limitedRes.status).toBe(429);
    for (const [res, status] of [
      [denied, 403],
      [limitedRes, 429],
    ] as const) {
      const row = await rowFor(limited, res.headers.get('x-request-id')!);
      expect(row.status_code).toBe(status);
      expect(JSON.parse(row.request_body).messages[0].content).toBe('let me in');
      expect(JSON.parse(row.response_body).error).toBeTruthy();
    }
  });

  it('is off by default and follows PUT ai-gateway on the next request', async () => {
    const name = unique('inf-toggle');
    await createEndpoint(name, openaiModel());
    const unlogged = await call('POST', CHAT, ADMIN, {
      model: name,
      messages: [{ role: 'user', content: 'unlogged' }],
    });
    // The usage row travels with any inference record: once it is stored, so would the record be.
    const id = unlogged.headers.get('x-request-id');
    await waitForUsage(name, 1, (r) => r.request_id === id);
    expect(await inferenceRows(name, 0)).toEqual([]);
    expect(
      (
        await admin('PUT', `/api/2.0/serving-endpoints/${name}/ai-gateway`, {
          inference_table_config: { enabled: true },
        })
      ).status,
    ).toBe(200);
    const res = await call('POST', CHAT, ADMIN, {
      model: name,
      messages: [{ role: 'user', content: 'logged' }],
    });
    expect(
      JSON.parse((await rowFor(name, res.headers.get('x-request-id')!)).request_body).messages[0]
        .content,
    ).toBe('logged');
  });

  it('is readable by managers only, and needs endpoint_name', async () => {
    expect(
      (await call('GET', `/api/2.0/ai-gateway/inference?endpoint_name=${gpt}`, user)).status,
    ).toBe(403);
    const manager = await tokenFor(unique('inf-mgr'), { [gpt]: 'CAN_MANAGE' });
    expect(
      (await call('GET', `/api/2.0/ai-gateway/inference?endpoint_name=${gpt}`, manager)).status,
    ).toBe(200);
    const missing = await admin('GET', '/api/2.0/ai-gateway/inference');
    expect(missing.status).toBe(400);
    expect(missing.json.message).toContain('endpoint_name');
    const page = await admin(
      'GET',
      `/api/2.0/ai-gateway/inference?endpoint_name=${gpt}&max_results=1`,
    );
    expect(page.json.rows).toHaveLength(1);
    const next = await admin(
      'GET',
      `/api/2.0/ai-gateway/inference?endpoint_name=${gpt}&max_results=1&page_token=${encodeURIComponent(page.json.next_page_token)}`,
    );
    expect(next.json.rows[0].request_id).not.toBe(page.json.rows[0].request_id);
  });
});
