import { SELF } from 'cloudflare:test';
import { afterAll, describe, expect, it } from 'vitest';
import { ADMIN, call, createEndpoint, GW, unique, usageRows, waitForUsage } from '../helpers/gateway';
import { chatEndpoint, fakeOpenAIEntity, FAKE_OPENAI_HOST, FAKE_OPENAI_KEY, principalToken, putAiGateway } from '../helpers/ai-gateway';
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
      controller.enqueue(encoder.encode(chunk({ content: 'The first forty characters of an answer.' })));
    },
    cancel() {
      upstreamCancelled++;
    },
  });
  return new Response(stream, { headers: { 'content-type': 'text/event-stream' } });
}

const fakes = installFakeUpstreams({
  [FAKE_OPENAI_HOST]: fakeOpenAI({ apiKey: FAKE_OPENAI_KEY }),
  'stall.fake': () => stallingStream(),
  'broken.fake': () => jsonResponse({ error: { message: 'boom', type: 'server_error' } }, 500),
  // An OpenAI-compatible server that never reports usage.
  'silent.fake': async (request) => {
    const body = await request.json<any>();
    if (body.stream) return sseResponse([chunk({ role: 'assistant', content: '' }), chunk({ content: 'twelve chars' }), 'data: [DONE]\n\n']);
    return jsonResponse({ id: 'x', object: 'chat.completion', created: 1, model: 'm', choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content: 'twelve chars' } }] });
  },
});
afterAll(() => fakes.restore());

const TAGS = { team: 'usage', run: 'r1' };
const tagHeader = { 'Databricks-Ai-Gateway-Request-Tags': JSON.stringify(TAGS) };

async function endpointOn(host: string, aiGateway?: Record<string, unknown>) {
  const name = unique(host.split('.')[0]);
  await createEndpoint(name, await fakeOpenAIEntity('m', 'only', host), aiGateway ? { ai_gateway: aiGateway } : {});
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
  const res = await SELF.fetch(`${GW}${path}`, { method: 'POST', headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json', ...tagHeader }, body: JSON.stringify(body) });
  expect(res.status).toBe(200);
  const reader = res.body!.getReader();
  let seen = '';
  while (!seen.includes('forty')) seen += new TextDecoder().decode((await reader.read()).value);
  await reader.cancel();
  return seen;
}

describe('one usage row per request', () => {
  it('success: tokens from the provider and the request tags', async () => {
    const endpoint = await endpointOn(FAKE_OPENAI_HOST);
    const res = await call('POST', '/ai-gateway/mlflow/v1/chat/completions', ADMIN, { model: endpoint, messages: [{ role: 'user', content: 'x' }] }, tagHeader);
    expect(res.status).toBe(200);
    expect(await onlyRow(endpoint)).toMatchObject({ status_code: 200, input_tokens: 11, output_tokens: 7, tokens_estimated: false, request_tags: TAGS });
  });

  it('upstream error: the status the client got and the error message', async () => {
    const endpoint = await endpointOn('broken.fake');
    const res = await call('POST', '/ai-gateway/mlflow/v1/chat/completions', ADMIN, { model: endpoint, messages: [{ role: 'user', content: 'x' }] }, tagHeader);
    expect(res.status).toBe(502);
    expect(await onlyRow(endpoint)).toMatchObject({ status_code: 502, error_message: 'boom', total_tokens: 0, request_tags: TAGS, served_entity_name: 'only' });
  });

  it('refusal: a 429 from a rate limit, with the tags', async () => {
    const endpoint = await chatEndpoint('usage-429', { rate_limits: [{ key: 'user', calls: 1, renewal_period: 'minute' }] });
    const token = await principalToken('usage-429-user', [endpoint]);
    const body = { model: endpoint, messages: [{ role: 'user', content: 'x' }] };
    expect((await call('POST', '/ai-gateway/mlflow/v1/chat/completions', token, body, tagHeader)).status).toBe(200);
    expect((await call('POST', '/ai-gateway/mlflow/v1/chat/completions', token, body, tagHeader)).status).toBe(429);
    const rows = await waitForUsage(endpoint, 2);
    expect(rows.map((r) => r.status_code).sort()).toEqual([200, 429]);
    expect(rows.every((r) => r.request_tags.team === 'usage')).toBe(true);
  });

  it.each([
    ['passed through, unified route', '/ai-gateway/mlflow/v1/chat/completions', undefined],
    ['passed through, native route', '/ai-gateway/openai/v1/chat/completions', undefined],
    // A guardrail turns passthrough off, so this stream is decoded and re-encoded.
    ['translated', '/ai-gateway/mlflow/v1/chat/completions', { guardrails: { output: { invalid_keywords: ['nope'] } } }],
  ])('client abort mid-stream (%s): status 499 with the tokens so far, and the upstream call is cancelled', async (_, path, aiGateway) => {
    const endpoint = await endpointOn('stall.fake', aiGateway);
    const before = upstreamCancelled;
    await abortAfterFirstChunk(path, { model: endpoint, stream: true, messages: [{ role: 'user', content: 'tell me a long story' }] });
    const row = await onlyRow(endpoint);
    expect(row).toMatchObject({ status_code: 499, streaming: true, tokens_estimated: true, request_tags: TAGS });
    expect(row.output_tokens).toBeGreaterThan(0);
    expect(row.input_tokens).toBeGreaterThan(0);
    expect(row.error_message).toContain('client closed');
    expect(upstreamCancelled).toBe(before + 1);
  });

  it('keeps no row while usage_tracking_config is disabled, still charging the token budget; the next request after enabling it has one', async () => {
    const endpoint = await chatEndpoint('untracked', { usage_tracking_config: { enabled: false }, rate_limits: [{ key: 'user', tokens: 20, renewal_period: 'minute' }] });
    const token = await principalToken('untracked-user', [endpoint]);
    const body = { model: endpoint, messages: [{ role: 'user', content: 'x' }] };
    expect((await call('POST', '/ai-gateway/mlflow/v1/chat/completions', token, body)).status).toBe(200);
    // 18 of 20 tokens spent by the untracked call: the budget was still charged.
    await new Promise((r) => setTimeout(r, 200));
    expect(await usageRows(endpoint)).toHaveLength(0);
    await putAiGateway(endpoint, { usage_tracking_config: { enabled: true }, rate_limits: [{ key: 'user', tokens: 20, renewal_period: 'minute' }] });
    expect((await call('POST', '/ai-gateway/mlflow/v1/chat/completions', token, body)).status).toBe(200);
    const [row] = await waitForUsage(endpoint, 1);
    expect(row).toMatchObject({ status_code: 200, requester: 'untracked-user', total_tokens: 18 });
    expect((await call('POST', '/ai-gateway/mlflow/v1/chat/completions', token, body)).status).toBe(429);
  });

  it.each([[false], [true]])('estimates and flags tokens when the provider reports none (stream: %s)', async (stream) => {
    const endpoint = await endpointOn('silent.fake');
    const res = await call('POST', '/ai-gateway/mlflow/v1/chat/completions', ADMIN, { model: endpoint, stream, messages: [{ role: 'user', content: 'count me' }] });
    expect(res.status).toBe(200);
    const row = await onlyRow(endpoint);
    // Passed through, the estimate counts the provider's frames, not only the answer's text.
    expect(row).toMatchObject({ status_code: 200, tokens_estimated: true });
    expect(row.input_tokens).toBeGreaterThan(0);
    expect(row.output_tokens).toBeGreaterThanOrEqual(3);
  });
});
