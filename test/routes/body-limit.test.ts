import { createExecutionContext, env, SELF, waitOnExecutionContext } from 'cloudflare:test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import worker from '../../src/index';
import { DEFAULT_MAX_REQUEST_BODY_BYTES, maxRequestBodyBytes } from '../../src/routes/body-limit';
import {
  chatEndpoint,
  FAKE_OPENAI_HOST,
  FAKE_OPENAI_KEY,
  principalToken,
} from '../helpers/ai-gateway';
import { ADMIN, call, GW, waitForRows } from '../helpers/gateway';
import { fakeOpenAI } from '../fakes/openai-upstream';
import { installFakeUpstreams } from '../fakes/router';

// Request bodies past MAX_REQUEST_BODY_BYTES are refused with a 413 in the caller's dialect on
// every front door, whether Content-Length is absent (a chunked body), says too much or lies;
// the gateway stops reading at the limit, a refused query still leaves its usage row, and the
// gateway goes on serving. A low limit (a per-test env) keeps most bodies small; one test sends
// more than the real default of 32 MiB.

const LIMIT = 64 * 1024;
const CHUNK = 16 * 1024;

const fakes = installFakeUpstreams({ [FAKE_OPENAI_HOST]: fakeOpenAI({ apiKey: FAKE_OPENAI_KEY }) });
afterAll(() => fakes.restore());

const PRINCIPAL = 'body-limit-user';
let endpoint: string;
let token: string;
beforeAll(async () => {
  endpoint = await chatEndpoint('body-limit');
  token = await principalToken(PRINCIPAL, [endpoint]);
});

/** The gateway worker with MAX_REQUEST_BODY_BYTES set to `limit`; waits for its usage rows to be written. */
async function gatewayWithLimit(limit: number, request: Request): Promise<Response> {
  const ctx = createExecutionContext();
  const res = await worker.fetch!(
    request as Request<unknown, IncomingRequestCfProperties>,
    { ...env, MAX_REQUEST_BODY_BYTES: String(limit) },
    ctx,
  );
  const text = await res.text();
  await waitOnExecutionContext(ctx);
  return new Response(text, res);
}

/** A body of `total` bytes in `chunk`-sized pieces, counting how many pieces were pulled. */
function countedBody(total: number, chunk: number) {
  const piece = new TextEncoder().encode('{"padding":"'.padEnd(chunk, 'x'));
  let pulled = 0;
  const stream = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (pulled * chunk >= total) return controller.close();
        pulled++;
        controller.enqueue(piece);
      },
    },
    { highWaterMark: 0 },
  );
  return { stream, pulled: () => pulled };
}

/** What a caller of each dialect gets back for a body past the limit. */
const SHAPES = {
  openai: { error: { type: 'invalid_request_error', code: 'request_too_large' } },
  anthropic: { type: 'error', error: { type: 'request_too_large' } },
  gemini: { error: { code: 413, status: 'INVALID_ARGUMENT' } },
  control: { error_code: 'REQUEST_TOO_LARGE' },
};
const messageOf = (dialect: keyof typeof SHAPES, json: any): string =>
  dialect === 'control' ? json.message : json.error.message;

const g = (method: string) => `/ai-gateway/gemini/v1beta/models/${endpoint}:${method}`;
/** Every front door that reads a body: [path, dialect, the api_type of its usage row or null on the control plane]. */
const FRONT_DOORS = (): [string, keyof typeof SHAPES, string | null][] => [
  ...['/ai-gateway/mlflow/v1', '/ai-gateway/openai/v1', '/serving-endpoints'].flatMap(
    (base): [string, 'openai', string][] => [
      [`${base}/chat/completions`, 'openai', 'chat/completions'],
      [`${base}/embeddings`, 'openai', 'embeddings'],
      [`${base}/responses`, 'openai', 'responses'],
    ],
  ),
  ['/ai-gateway/mlflow/v1/completions', 'openai', 'completions'],
  ['/serving-endpoints/completions', 'openai', 'completions'],
  [`/serving-endpoints/${endpoint}/invocations`, 'openai', 'chat/completions'],
  ['/ai-gateway/anthropic/v1/messages', 'anthropic', 'anthropic/messages'],
  ['/ai-gateway/anthropic/v1/messages/count_tokens', 'anthropic', 'anthropic/count_tokens'],
  [g('generateContent'), 'gemini', 'gemini/generateContent'],
  [`${g('streamGenerateContent')}?alt=sse`, 'gemini', 'gemini/generateContent'],
  [g('embedContent'), 'gemini', 'gemini/embedContent'],
  [g('batchEmbedContents'), 'gemini', 'gemini/embedContent'],
  [g('countTokens'), 'gemini', 'gemini/countTokens'],
  ['/api/2.0/serving-endpoints', 'control', null],
  ['/api/2.0/secrets/put', 'control', null],
];

const post = (path: string, body: BodyInit, headers: Record<string, string> = {}) =>
  new Request(`${GW}${path}`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${path.startsWith('/api/') ? ADMIN : token}`,
      'content-type': 'application/json',
      ...headers,
    },
    body,
  });

/** The principal's usage rows matching `match`, once there are `count` of them. */
const rowsOfPrincipal = (count: number, match: (row: any) => boolean) =>
  waitForRows(`requester=${PRINCIPAL}`, count, match);

describe('request body limit', () => {
  it('refuses a chunked body (no Content-Length) past the limit on every front door, in its dialect, having read no further than the limit', async () => {
    for (const [path, dialect] of FRONT_DOORS()) {
      const body = countedBody(LIMIT * 4, CHUNK);
      const res = await gatewayWithLimit(LIMIT, post(path, body.stream));
      const json = await res.json<any>();
      expect([path, res.status, json]).toMatchObject([path, 413, SHAPES[dialect]]);
      expect(messageOf(dialect, json)).toBe(
        `The request body is larger than the gateway accepts: at most ${LIMIT} bytes.`,
      );
      // One chunk past the limit, and perhaps one the runtime read ahead.
      expect(body.pulled(), path).toBeLessThanOrEqual(LIMIT / CHUNK + 2);
    }
  });

  it('refuses a body larger than its Content-Length claims on every front door', async () => {
    for (const [path, dialect] of FRONT_DOORS()) {
      const res = await gatewayWithLimit(
        LIMIT,
        post(path, `{"padding":"${'x'.repeat(LIMIT * 2)}"}`, { 'content-length': '100' }),
      );
      expect([path, res.status, await res.json()]).toMatchObject([path, 413, SHAPES[dialect]]);
    }
  });

  it('refuses a Content-Length past the limit before reading the body', async () => {
    for (const [path, dialect] of FRONT_DOORS()) {
      const body = countedBody(LIMIT * 4, CHUNK);
      const res = await gatewayWithLimit(
        LIMIT,
        post(path, body.stream, { 'content-length': String(LIMIT * 4) }),
      );
      expect([path, res.status, await res.json()]).toMatchObject([path, 413, SHAPES[dialect]]);
      expect(body.pulled(), path).toBeLessThanOrEqual(1);
    }
  });

  it('leaves a usage row with status 413 for every refused query, naming the endpoint when the path does', async () => {
    const queries = FRONT_DOORS().filter(([, , apiType]) => apiType);
    for (const [path] of queries)
      await gatewayWithLimit(
        LIMIT,
        post(path, countedBody(LIMIT * 2, CHUNK).stream, {
          'Databricks-Ai-Gateway-Request-Tags': '{"case":"too-large"}',
        }),
      );
    const rows = await rowsOfPrincipal(
      queries.length,
      (row) => row.request_tags.case === 'too-large',
    );
    const key = (apiType: unknown, endpointName: unknown) => `${apiType} ${endpointName}`;
    expect(rows.map((row) => key(row.api_type, row.endpoint_name)).sort()).toEqual(
      queries
        .map(([path, , apiType]) => key(apiType, path.includes(endpoint) ? endpoint : null))
        .sort(),
    );
    for (const row of rows) {
      expect(row).toMatchObject({ status_code: 413, requester: PRINCIPAL });
      expect(row.error_message).toContain('larger than the gateway accepts');
    }
  });

  it('reads a chunked body within the limit as usual, and keeps serving after refusals', async () => {
    const chat = JSON.stringify({
      model: endpoint,
      messages: [{ role: 'user', content: 'still there?' }],
    });
    const chunks = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < chat.length; i += 10)
          controller.enqueue(new TextEncoder().encode(chat.slice(i, i + 10)));
        controller.close();
      },
    });
    const res = await gatewayWithLimit(
      LIMIT,
      post('/ai-gateway/mlflow/v1/chat/completions', chunks),
    );
    expect(res.status).toBe(200);
    expect((await res.json<any>()).choices[0].message.content).toBe('echo: still there?');
    const viaSelf = await call('POST', '/ai-gateway/anthropic/v1/messages', token, {
      model: endpoint,
      max_tokens: 16,
      messages: [{ role: 'user', content: 'and here?' }],
    });
    expect(viaSelf.status).toBe(200);
  });

  it('logs a refused body in the inference table of an endpoint that keeps one, without the body', async () => {
    const logged = await chatEndpoint('body-limit-logged', {
      inference_table_config: { enabled: true },
    });
    const loggedToken = await principalToken(`${PRINCIPAL}-logged`, [logged]);
    const res = await gatewayWithLimit(
      LIMIT,
      new Request(`${GW}/ai-gateway/gemini/v1beta/models/${logged}:generateContent`, {
        method: 'POST',
        headers: { authorization: `Bearer ${loggedToken}`, 'content-type': 'application/json' },
        body: countedBody(LIMIT * 2, CHUNK).stream,
        duplex: 'half',
      } as RequestInit),
    );
    expect(res.status).toBe(413);
    const id = res.headers.get('x-request-id');
    const deadline = Date.now() + 10_000;
    let rows: any[] = [];
    while (!rows.length && Date.now() < deadline) {
      rows = (await call('GET', `/api/2.0/ai-gateway/inference?endpoint_name=${logged}`, ADMIN))
        .json.rows;
      if (!rows.length) await new Promise((r) => setTimeout(r, 25));
    }
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ request_id: id, status_code: 413, request_body: null });
    expect(JSON.parse(rows[0].response_body).error).toBeTruthy();
  });

  it('leaves a usage row with status 400 for a body that is not JSON', async () => {
    const res = await call(
      'POST',
      `/ai-gateway/gemini/v1beta/models/${endpoint}:generateContent`,
      token,
      '{"contents": [',
    );
    expect(res.status).toBe(400);
    expect(res.json.error.message).toContain('not valid JSON');
    const [row] = await rowsOfPrincipal(1, (row) => row.status_code === 400);
    expect(row).toMatchObject({
      status_code: 400,
      endpoint_name: endpoint,
      api_type: 'gemini/generateContent',
    });
  });

  it(`refuses more than the default ${DEFAULT_MAX_REQUEST_BODY_BYTES / 1024 / 1024} MiB streamed to the gateway as deployed`, async () => {
    expect(maxRequestBodyBytes(env)).toBe(DEFAULT_MAX_REQUEST_BODY_BYTES); // wrangler.toml's setting
    const chunk = 1024 * 1024;
    const body = countedBody(DEFAULT_MAX_REQUEST_BODY_BYTES + 4 * chunk, chunk);
    const res = await SELF.fetch(post('/ai-gateway/mlflow/v1/chat/completions', body.stream));
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({
      error: {
        code: 'request_too_large',
        message:
          'The request body is larger than the gateway accepts: at most 33554432 bytes (32 MiB).',
      },
    });
    expect(body.pulled()).toBeLessThanOrEqual(DEFAULT_MAX_REQUEST_BODY_BYTES / chunk + 2);
    expect(
      (
        await call('POST', '/ai-gateway/mlflow/v1/chat/completions', token, {
          model: endpoint,
          messages: [{ role: 'user', content: 'hi' }],
        })
      ).status,
    ).toBe(200);
  });

  it('takes the default when MAX_REQUEST_BODY_BYTES is missing or not a positive whole number', () => {
    for (const setting of [undefined, '', 'lots', '-5', '1.5'])
      expect(maxRequestBodyBytes({ MAX_REQUEST_BODY_BYTES: setting })).toBe(
        DEFAULT_MAX_REQUEST_BODY_BYTES,
      );
    expect(maxRequestBodyBytes({ MAX_REQUEST_BODY_BYTES: '1048576' })).toBe(1048576);
  });
});
