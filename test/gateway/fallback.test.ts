import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { setUpstreamTimeout } from '../../src/providers/upstream';
import { env } from 'cloudflare:test';
import { getEndpoint } from '../../src/gateway/endpoints';
import { entityOrder } from '../../src/gateway/traffic';
import { admin, call, ADMIN, unique, waitForUsage } from '../helpers/gateway';
import { fakeOpenAIEntity, FAKE_OPENAI_KEY, putAiGateway } from '../helpers/ai-gateway';
import { fakeOpenAI } from '../fakes/openai-upstream';
import { installFakeUpstreams, jsonResponse, type FakeHandler } from '../fakes/router';

// Fallbacks (a 429, 5xx or timeout from the chosen entity is retried on the others, in order)
// and traffic splits (traffic_config percentages, verified statistically).

const healthy = fakeOpenAI({ apiKey: FAKE_OPENAI_KEY });
/** How the flaky host answers next: healthy, an error status, never (until aborted), or slowly. */
let flaky: 'ok' | 'hang' | 'slow' | number = 'ok';

/** Headers at once, then a stream over ~300 ms that breaks off when the call is aborted, as fetch's does. */
const slow: FakeHandler = (request) => {
  const encoder = new TextEncoder();
  const chunk = (delta: object, finish: string | null = null) =>
    `data: ${JSON.stringify({ id: 'c', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
  const body = new ReadableStream({
    async start(controller) {
      request.signal.addEventListener('abort', () => controller.error(request.signal.reason));
      for (let i = 0; i < 6; i++) {
        await new Promise((r) => setTimeout(r, 50));
        if (request.signal.aborted) return;
        controller.enqueue(encoder.encode(chunk({ content: `piece${i} ` })));
      }
      controller.enqueue(encoder.encode(`${chunk({}, 'stop')}data: [DONE]\n\n`));
      controller.close();
    },
  });
  return new Response(body, { headers: { 'content-type': 'text/event-stream' } });
};

const never: FakeHandler = (request) =>
  new Promise((resolve, reject) => {
    // A safety net so a broken timeout fails the test instead of hanging it.
    const timer = setTimeout(
      () => resolve(jsonResponse({ error: { message: 'the gateway never gave up' } }, 418)),
      5_000,
    );
    request.signal.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(new DOMException('The operation was aborted.', 'AbortError'));
    });
  });

const fakes = installFakeUpstreams({
  'flaky.fake': (request) => {
    if (flaky === 'ok') return healthy(request);
    if (flaky === 'hang') return never(request);
    if (flaky === 'slow') return slow(request);
    return jsonResponse(
      { error: { message: `flaky says ${flaky}`, type: 'server_error' } },
      flaky,
      flaky === 429 ? { 'retry-after': '7' } : {},
    );
  },
  'steady.fake': healthy,
});
afterAll(() => fakes.restore());
afterEach(() => {
  flaky = 'ok';
  setUpstreamTimeout();
});

async function twoEntityEndpoint(
  aiGateway: Record<string, unknown> = { fallback_config: { enabled: true } },
) {
  const name = unique('fb');
  const res = await admin('POST', '/api/2.0/serving-endpoints', {
    name,
    config: {
      served_entities: [
        {
          name: 'flaky',
          external_model: {
            ...(await fakeOpenAIEntity('flaky-model', 'flaky', 'flaky.fake')),
            entity_name: undefined,
          },
        },
        {
          name: 'steady',
          external_model: {
            ...(await fakeOpenAIEntity('steady-model', 'steady', 'steady.fake')),
            entity_name: undefined,
          },
        },
      ],
      traffic_config: {
        routes: [
          { served_model_name: 'flaky', traffic_percentage: 100 },
          { served_model_name: 'steady', traffic_percentage: 0 },
        ],
      },
    },
    ai_gateway: aiGateway,
  });
  if (res.status !== 200) throw new Error(res.text);
  return name;
}

const chat = (model: string, extra: Record<string, unknown> = {}) =>
  call('POST', '/ai-gateway/mlflow/v1/chat/completions', ADMIN, {
    model,
    messages: [{ role: 'user', content: 'hello' }],
    ...extra,
  });

const upstreamHosts = () => fakes.calls.map((c) => new URL(c.url).host);

describe('fallback', () => {
  it.each([[500], [503], [429]])(
    'retries an upstream %s on the next entity; the usage row names who answered',
    async (status) => {
      const endpoint = await twoEntityEndpoint();
      flaky = status;
      fakes.calls.length = 0;
      const res = await chat(endpoint);
      expect(res.status).toBe(200);
      expect(res.json.choices[0].message.content).toBe('echo: hello');
      expect(res.json.model).toBe('steady-model');
      expect(upstreamHosts()).toEqual(['flaky.fake', 'steady.fake']);
      const [row] = await waitForUsage(endpoint, 1);
      expect(row).toMatchObject({
        status_code: 200,
        served_entity_name: 'steady',
        destination_model: 'steady-model',
        fallback_attempts: 1,
      });
    },
  );

  it('retries after an upstream timeout (shortened for the test)', async () => {
    const endpoint = await twoEntityEndpoint();
    flaky = 'hang';
    setUpstreamTimeout(100);
    const started = Date.now();
    const res = await chat(endpoint);
    expect(res.status).toBe(200);
    expect(Date.now() - started).toBeLessThan(3_000);
    const [row] = await waitForUsage(endpoint, 1);
    expect(row).toMatchObject({
      status_code: 200,
      served_entity_name: 'steady',
      fallback_attempts: 1,
    });
  });

  it('times out only the wait for headers: a stream may last longer than the timeout', async () => {
    const endpoint = await twoEntityEndpoint({});
    flaky = 'slow';
    setUpstreamTimeout(100);
    const res = await chat(endpoint, { stream: true });
    expect(res.status).toBe(200);
    expect(res.text).toContain('piece5 ');
    expect(res.text).toContain('data: [DONE]');
    expect(res.text).not.toContain('broke off');
  });

  it('answers 504 for a timeout when fallback is off', async () => {
    const endpoint = await twoEntityEndpoint({});
    flaky = 'hang';
    setUpstreamTimeout(100);
    const res = await chat(endpoint);
    expect(res.status).toBe(504);
    expect(res.json.error.message).toContain('did not answer');
    const [row] = await waitForUsage(endpoint, 1);
    expect(row).toMatchObject({
      status_code: 504,
      served_entity_name: 'flaky',
      fallback_attempts: 0,
    });
  });

  it('falls back for a stream before its first byte, and the client sees only the good stream', async () => {
    const endpoint = await twoEntityEndpoint();
    flaky = 500;
    const res = await chat(endpoint, { stream: true });
    expect(res.status).toBe(200);
    expect(res.text).toContain('"content":"echo"');
    expect(res.text).toContain('data: [DONE]');
    expect(res.text).not.toContain('flaky says');
    const [row] = await waitForUsage(endpoint, 1);
    expect(row).toMatchObject({
      status_code: 200,
      streaming: true,
      served_entity_name: 'steady',
      fallback_attempts: 1,
      total_tokens: 18,
    });
  });

  it('passes on a 4xx that is the caller’s fault without trying another entity', async () => {
    const endpoint = await twoEntityEndpoint();
    flaky = 400;
    fakes.calls.length = 0;
    const res = await chat(endpoint);
    expect(res.status).toBe(400);
    expect(upstreamHosts()).toEqual(['flaky.fake']);
  });

  it('gives the last error when every entity fails, and records every attempt', async () => {
    const name = unique('fb-all');
    await admin('POST', '/api/2.0/serving-endpoints', {
      name,
      config: {
        served_entities: [
          {
            name: 'a',
            external_model: {
              ...(await fakeOpenAIEntity('m', 'a', 'flaky.fake')),
              entity_name: undefined,
            },
          },
          {
            name: 'b',
            external_model: {
              ...(await fakeOpenAIEntity('m', 'b', 'flaky.fake')),
              entity_name: undefined,
            },
          },
        ],
      },
      ai_gateway: { fallback_config: { enabled: true } },
    });
    flaky = 502;
    const res = await chat(name);
    expect(res.status).toBe(502);
    expect(res.json.error.message).toContain('flaky says 502');
    const [row] = await waitForUsage(name, 1);
    expect(row).toMatchObject({ status_code: 502, served_entity_name: 'b', fallback_attempts: 1 });
  });

  it('is off until PUT .../ai-gateway turns it on, then applies to the very next request', async () => {
    const endpoint = await twoEntityEndpoint({});
    flaky = 500;
    expect((await chat(endpoint)).status).toBe(502);
    await putAiGateway(endpoint, { fallback_config: { enabled: true } });
    expect((await chat(endpoint)).status).toBe(200);
  });
});

describe('traffic split', () => {
  let endpoint: string;
  beforeAll(async () => {
    endpoint = unique('split');
    const entities = await Promise.all(
      ['a', 'b', 'c'].map((n) => fakeOpenAIEntity(`model-${n}`, n, 'steady.fake')),
    );
    const res = await admin('POST', '/api/2.0/serving-endpoints', {
      name: endpoint,
      config: {
        served_entities: entities.map((e) => ({
          name: e.entity_name,
          external_model: { ...e, entity_name: undefined },
        })),
        traffic_config: {
          routes: [
            { served_model_name: 'a', traffic_percentage: 50 },
            { served_model_name: 'b', traffic_percentage: 30 },
            { served_model_name: 'c', traffic_percentage: 20 },
          ],
        },
      },
    });
    if (res.status !== 200) throw new Error(res.text);
  });

  const withinBounds = (counts: Record<string, number>, total: number) => {
    for (const [name, share] of [
      ['a', 0.5],
      ['b', 0.3],
      ['c', 0.2],
    ] as const) {
      const sigma = Math.sqrt(total * share * (1 - share));
      expect(
        Math.abs((counts[name] ?? 0) - total * share),
        `${name}: ${counts[name]} of ${total}`,
      ).toBeLessThan(5 * sigma);
    }
  };

  it('honours 50/30/20 over 1,000 routing decisions on the stored config (within 5 standard deviations)', async () => {
    // The cheap path: the same lookup and choice the pipeline makes, without 1,000 HTTP round trips.
    const live = await getEndpoint(env.DB, endpoint);
    const counts: Record<string, number> = {};
    for (let i = 0; i < 1_000; i++) {
      const chosen = entityOrder(live.entities)[0].name;
      counts[chosen] = (counts[chosen] ?? 0) + 1;
    }
    withinBounds(counts, 1_000);
  });

  it('sends real requests where the split says (100 requests, within 5 standard deviations)', async () => {
    fakes.calls.length = 0;
    for (let sent = 0; sent < 100; sent += 25) {
      const batch = await Promise.all(Array.from({ length: 25 }, () => chat(endpoint)));
      expect(batch.every((r) => r.status === 200)).toBe(true);
    }
    const counts: Record<string, number> = {};
    for (const c of fakes.calls) {
      const name = JSON.parse(c.body).model.replace('model-', '');
      counts[name] = (counts[name] ?? 0) + 1;
    }
    withinBounds(counts, 100);
  });

  it('puts the chosen entity first and the others after it in config order', () => {
    const entities = ['a', 'b', 'c'].map(
      (name, i) => ({ name, trafficPercentage: [50, 30, 20][i] }) as any,
    );
    expect(entityOrder(entities, 0.1).map((e) => e.name)).toEqual(['a', 'b', 'c']);
    expect(entityOrder(entities, 0.6).map((e) => e.name)).toEqual(['b', 'a', 'c']);
    expect(entityOrder(entities, 0.95).map((e) => e.name)).toEqual(['c', 'a', 'b']);
    // An entity with 0% never gets first-choice traffic, even at the edges.
    const withZero = [{ name: 'z', trafficPercentage: 0 }, ...entities] as any;
    expect(entityOrder(withZero, 0).map((e: any) => e.name)[0]).toBe('a');
    expect(entityOrder(withZero, 0.999999).map((e: any) => e.name)[0]).toBe('c');
  });
});
