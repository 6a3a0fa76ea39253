import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalGateway, type LocalGateway } from '../agents/harness/gateway';
import { fakeOpenAI } from '../fakes/openai-upstream';
import type { FakeHandler } from '../fakes/router';

// Thousands of overlapping requests through the running gateway (bundled worker, Miniflare, a real
// loopback socket), as a user would send them: JSON chats, streams read to the end, and streams the
// client walks away from mid-way. Every one of them must leave exactly one usage row with its status.

const REQUESTS = 4000;
const CONCURRENCY = 32;
/** How long a stream the client leaves holds back its remaining frames; the client is gone long before. */
const STALL_MS = 2000;
/** No request may take longer, so a gateway that hangs fails the test instead of stalling it. */
const REQUEST_TIMEOUT_MS = 30_000;
const OPENAI_KEY = 'sk-load-openai';
const ENDPOINT = 'load-chat';

type Kind = 'json' | 'stream' | 'aborted';
/** Six JSON chats, three full streams and one abandoned stream in every ten requests, interleaved. */
const kindOf = (i: number): Kind => (i % 10 < 6 ? 'json' : i % 10 < 9 ? 'stream' : 'aborted');
/** The usage row each kind must leave: [status_code, streaming]. */
const EXPECTED_ROW: Record<Kind, [number, boolean]> = {
  json: [200, false],
  stream: [200, true],
  aborted: [499, true],
};

/** How often each value occurs. */
const tally = (values: string[]) =>
  values.reduce<Record<string, number>>(
    (counts, v) => ({ ...counts, [v]: (counts[v] ?? 0) + 1 }),
    {},
  );

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Passes a stream's first `count` chunks at once and the rest after `ms` (the fake sends one SSE frame per chunk). */
function pauseAfter(
  body: ReadableStream<Uint8Array>,
  count: number,
  ms: number,
): ReadableStream<Uint8Array> {
  let seen = 0;
  return body.pipeThrough(
    new TransformStream({
      async transform(chunk, controller) {
        if (seen++ === count) await sleep(ms);
        controller.enqueue(chunk);
      },
    }),
  );
}

/** The fake OpenAI at api.openai.com; a stream whose prompt says "stall" pauses after its first words. */
function openAIWithStalls(): FakeHandler {
  const openai = fakeOpenAI({ apiKey: OPENAI_KEY });
  return async (request) => {
    const stalls = (await request.clone().text()).includes('stall');
    const response = await openai(request);
    if (!stalls || !response.body) return response;
    return new Response(pauseAfter(response.body, 2, STALL_MS), {
      status: response.status,
      headers: response.headers,
    });
  };
}

/** One request of the given kind; its x-request-id, which names its usage row. */
async function send(gateway: LocalGateway, token: string, kind: Kind): Promise<string> {
  const stream = kind !== 'json';
  const abort = new AbortController();
  const res = await fetch(`${gateway.url}/ai-gateway/mlflow/v1/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      model: ENDPOINT,
      stream,
      messages: [{ role: 'user', content: kind === 'aborted' ? 'stall, please' : 'Hello there' }],
    }),
    signal: AbortSignal.any([abort.signal, AbortSignal.timeout(REQUEST_TIMEOUT_MS)]),
  });
  const requestId = res.headers.get('x-request-id') ?? '';
  if (res.status !== 200 || !requestId)
    throw new Error(`${kind}: ${res.status} ${await res.text()}`);
  if (kind !== 'aborted') {
    const text = await res.text();
    if (!text.includes(stream ? 'data: [DONE]' : '"chat.completion"'))
      throw new Error(`${kind}: incomplete answer ${text}`);
    return requestId;
  }
  // Read up to the first words of the answer, then leave.
  const reader = res.body!.getReader();
  let seen = '';
  while (!seen.includes('"content":"echo"')) {
    const { value, done } = await reader.read();
    if (done) throw new Error(`aborted: the stream ended before the client left: ${seen}`);
    seen += new TextDecoder().decode(value);
  }
  abort.abort();
  return requestId;
}

/** Every usage row of the endpoint, page by page. */
async function allUsageRows(
  gateway: LocalGateway,
): Promise<{ request_id: string; status_code: number; streaming: boolean }[]> {
  const rows = [];
  let page = '';
  do {
    const answer = await gateway.admin(
      'GET',
      `/api/2.0/ai-gateway/usage?endpoint_name=${ENDPOINT}&max_results=1000${page && `&page_token=${encodeURIComponent(page)}`}`,
    );
    rows.push(...answer.rows);
    page = answer.next_page_token ?? '';
  } while (page);
  return rows;
}

describe('usage rows under load', () => {
  let gateway: LocalGateway;
  let token: string;

  beforeAll(async () => {
    gateway = await startLocalGateway({ 'api.openai.com': openAIWithStalls() });
    await gateway.admin('POST', '/api/2.0/secrets/scopes/create', { scope: 'load' });
    await gateway.admin('POST', '/api/2.0/secrets/put', {
      scope: 'load',
      key: 'openai',
      string_value: OPENAI_KEY,
    });
    await gateway.admin('POST', '/api/2.0/serving-endpoints', {
      name: ENDPOINT,
      config: {
        served_entities: [
          {
            name: 'main',
            external_model: {
              name: 'gpt-4o-mini',
              provider: 'openai',
              task: 'llm/v1/chat',
              openai_config: { openai_api_key: '{{secrets/load/openai}}' },
            },
          },
        ],
      },
    });
    token = (
      await gateway.admin('POST', '/api/2.0/token/create', {
        principal: 'load-user',
        comment: 'load test',
      })
    ).token_value;
    await gateway.admin('PATCH', `/api/2.0/permissions/serving-endpoints/${ENDPOINT}`, {
      access_control_list: [{ user_name: 'load-user', permission_level: 'CAN_QUERY' }],
    });
  });
  afterAll(() => gateway?.stop());

  it(`${REQUESTS} overlapping requests (${CONCURRENCY} at a time) leave exactly one row each, with its status`, async () => {
    const sent = new Map<string, Kind>();
    let next = 0;
    const started = Date.now();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < REQUESTS) {
          const kind = kindOf(next++);
          sent.set(await send(gateway, token, kind), kind);
        }
      }),
    );
    const answered = Date.now();

    // Rows are written after the responses; give the last ones time to land.
    let rows = await allUsageRows(gateway);
    for (
      const deadline = Date.now() + 10_000;
      rows.length < REQUESTS && Date.now() < deadline;
      rows = await allUsageRows(gateway)
    )
      await sleep(250);
    console.log(
      `${REQUESTS} requests answered in ${answered - started} ms; ${rows.length} usage rows ${Date.now() - answered} ms later`,
    );

    const kindOfRow = (id: string) => sent.get(id) ?? 'unknown request';
    const written = new Set(rows.map((r) => r.request_id));
    const missing = [...sent.keys()].filter((id) => !written.has(id));
    expect(tally(missing.map(kindOfRow)), 'requests without a usage row').toEqual({});
    expect(rows).toHaveLength(REQUESTS);
    // Each request's row says how it ended: [kind, status_code, streaming].
    const expected = tally(
      [...sent.values()].map((kind) => [kind, ...EXPECTED_ROW[kind]].join(' ')),
    );
    expect(
      tally(rows.map((r) => [kindOfRow(r.request_id), r.status_code, r.streaming].join(' '))),
    ).toEqual(expected);
  });
});
