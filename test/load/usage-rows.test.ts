import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalGateway, type LocalGateway } from '../agents/harness/gateway';
import { fakeOpenAI } from '../fakes/openai-upstream';
import { jsonResponse, type FakeHandler } from '../fakes/router';
import { allPages, exportedRows, pollUntil, sleep, tally } from './load-helpers';

// The acceptance test of the usage data path. 5,000 overlapping requests through the running
// gateway (bundled worker, Miniflare with its local Queue, D1 and R2, a real loopback socket), as
// users send them: JSON chats, streams read to the end, streams the client walks away from,
// upstream failures, calls refused by a rate limit, with and without request tags, by two users.
// Once the queue consumer has caught up, every way of reading usage back (the row listing, the
// rollup summaries, the tag summary, the R2 export) must account for exactly these requests: each
// one once, with the status and tokens its answer implies.

const REQUESTS = 5000;
const CONCURRENCY = 32;
/** How long a stream the client leaves holds back its third frame; the client is gone long before. */
const STALL_MS = 2000;
/**
 * Between the frames after that: the gateway has time to notice the client left long before the
 * usage frame, which would make the row a 200 (abandonedOutputRange).
 */
const FRAME_GAP_MS = 50;
/** No request may take longer, so a gateway that hangs fails the test instead of stalling it. */
const REQUEST_TIMEOUT_MS = 30_000;
/** How long the consumer may take to store everything after the last answer. */
const CATCH_UP_MS = 30_000;
const OPENAI_KEY = 'sk-load-openai';
const CHAT = 'load-chat';
/** An endpoint whose calls per minute are capped, so some of its requests are answered 429. */
const LIMITED = 'load-limited';
const CALL_LIMIT = 300;
const WINDOW_MS = 60_000;
const USERS = ['load-alice', 'load-bob'] as const;
const TAGS_HEADER = 'Databricks-Ai-Gateway-Request-Tags';
/** What the fake says when a prompt asks it to fail. */
const UPSTREAM_FAILURE = 'The server had an error while processing your request.';

type Kind = 'json' | 'stream' | 'aborted' | 'failed' | 'failed_stream' | 'limited';
/**
 * Twenty requests, interleaved, repeated: 8 JSON chats, 5 full streams, 2 streams the client
 * leaves, 1 JSON and 1 streamed chat the provider fails (500), 3 JSON chats to the rate-limited
 * endpoint.
 */
const PATTERN: Kind[] = [
  'json',
  'stream',
  'limited',
  'json',
  'aborted',
  'json',
  'stream',
  'failed',
  'json',
  'limited',
  'stream',
  'json',
  'failed_stream',
  'json',
  'stream',
  'aborted',
  'json',
  'limited',
  'stream',
  'json',
];
const kindOf = (i: number) => PATTERN[i % PATTERN.length];
const streams = (kind: Kind) => kind === 'stream' || kind === 'aborted' || kind === 'failed_stream';
const promptOf = (kind: Kind) =>
  kind === 'aborted' ? 'stall, please' : kind.startsWith('failed') ? 'fail, please' : 'Hello there';

/**
 * The tags header of request i, in runs of 7 across the pattern: three teams, no header, and a
 * header without `team` (both of the last land in the untagged group).
 */
function tagsOf(i: number): Record<string, string> | undefined {
  switch (Math.floor(i / 7) % 5) {
    case 0:
      return { team: 'red', env: 'load' };
    case 1:
      return { team: 'green' };
    case 2:
      return { team: 'blue' };
    case 3:
      return undefined;
    default:
      return { env: 'load' };
  }
}
const userOf = (i: number) => USERS[Math.floor(i / 3) % 2];

/** The usage row a request must leave, as far as its answer tells. */
interface Expected {
  endpoint_name: string;
  served_entity_name: string | null;
  requester: string;
  status_code: number;
  streaming: boolean;
  input_tokens: number;
  output_tokens: number;
  total_tokens: number;
  cache_read_input_tokens: number;
  cache_creation_input_tokens: number;
  reasoning_tokens: number;
  tokens_estimated: boolean;
  request_tags: Record<string, string>;
  error_message: string | null;
}
type Row = Expected & { request_id: string; event_time: number; latency_ms: number | null };

/** A row's fields that the expectation covers; the retry delay in a 429's message is left out. */
function projection(row: Row): Expected {
  return {
    endpoint_name: row.endpoint_name,
    served_entity_name: row.served_entity_name,
    requester: row.requester,
    status_code: row.status_code,
    streaming: row.streaming,
    input_tokens: row.input_tokens,
    output_tokens: row.output_tokens,
    total_tokens: row.total_tokens,
    cache_read_input_tokens: row.cache_read_input_tokens,
    cache_creation_input_tokens: row.cache_creation_input_tokens,
    reasoning_tokens: row.reasoning_tokens,
    tokens_estimated: row.tokens_estimated,
    request_tags: row.request_tags,
    error_message: row.error_message?.replace(/Retry in \d+ s\./, 'Retry in N s.') ?? null,
  };
}

/**
 * Passes a stream's first `count` chunks at once, the next after `ms` and each further one `gapMs`
 * after the one before (the fake sends one SSE frame per chunk).
 */
function pauseAfter(
  body: ReadableStream<Uint8Array>,
  count: number,
  ms: number,
  gapMs: number,
): ReadableStream<Uint8Array> {
  let seen = 0;
  return body.pipeThrough(
    new TransformStream({
      async transform(chunk, controller) {
        if (seen === count) await sleep(ms);
        else if (seen > count) await sleep(gapMs);
        seen++;
        controller.enqueue(chunk);
      },
    }),
  );
}

/**
 * The fake OpenAI at api.openai.com: a prompt saying "fail" gets a 500; a stream whose prompt says
 * "stall" pauses after its first words.
 */
function loadOpenAI(): FakeHandler {
  const openai = fakeOpenAI({ apiKey: OPENAI_KEY });
  return async (request) => {
    const text = await request.clone().text();
    if (text.includes('fail, please'))
      return jsonResponse(
        { error: { message: UPSTREAM_FAILURE, type: 'server_error', param: null, code: null } },
        500,
      );
    const response = await openai(request);
    if (!text.includes('stall') || !response.body) return response;
    return new Response(pauseAfter(response.body, FRAMES_SEEN, STALL_MS, FRAME_GAP_MS), {
      status: response.status,
      headers: response.headers,
    });
  };
}

/** The SSE frames' data fields in `text` (complete frames only). */
const sseData = (text: string) =>
  text
    .split('\n\n')
    .slice(0, -1)
    .flatMap((frame) => frame.split('\n').filter((l) => l.startsWith('data: ')))
    .map((l) => l.slice('data: '.length));

interface Sent {
  requestId: string;
  kind: Kind;
  expected: Expected;
  /** When the request was sent (the rate-limit window check). */
  sentAt: number;
  /** An abandoned stream's output tokens: not known exactly in advance (abandonedOutputRange). */
  outputRange?: [number, number];
}

/** The usage an OpenAI answer reports, as the row's token columns. */
function tokensOf(usage: any) {
  return {
    input_tokens: usage.prompt_tokens,
    output_tokens: usage.completion_tokens,
    total_tokens: usage.total_tokens,
    cache_read_input_tokens: usage.prompt_tokens_details?.cached_tokens ?? 0,
    cache_creation_input_tokens: 0,
    reasoning_tokens: 0,
    tokens_estimated: false,
  };
}
const NO_TOKENS = tokensOf({ prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 });

/** The SSE data of the fake's answer to a streamed prompt, frame by frame. */
async function fakeStreamData(prompt: string): Promise<string[]> {
  const answer = await fakeOpenAI({ apiKey: OPENAI_KEY })(
    new Request('https://api.openai.com/v1/chat/completions', {
      method: 'POST',
      headers: { authorization: `Bearer ${OPENAI_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        model: 'gpt-4o-mini',
        stream: true,
        stream_options: { include_usage: true },
        messages: [{ role: 'user', content: prompt }],
      }),
    }),
  );
  return sseData(await answer.text());
}

/** The frames a client that leaves reads: the first two (the role, then "echo"). */
const FRAMES_SEEN = 2;
/** The gateway's estimate of the prompt 'stall, please' (its messages at 4 characters a token). */
const ABANDONED_INPUT_TOKENS = 17;

/**
 * The row of a stream the client leaves before the provider reported usage (chat.ts, passthrough)
 * has estimated tokens: the prompt's, and the SSE data read from the provider at 16 characters a
 * token. How much was read depends on when the gateway notices the client left: locally workerd
 * does not abort the request signal on a disconnect, and the gateway learns of it when a write
 * fails, one or two frames after the stall. So the output lies between what the client saw and
 * the whole answer before its usage frame (seeing that one would have made the row a 200). The
 * value the row holds must then be the same in every reader.
 */
function abandonedOutputRange(stallData: string[]): [number, number] {
  const tokens = (frames: string[]) => Math.ceil(frames.reduce((n, d) => n + d.length, 0) / 16);
  const beforeUsage = stallData.findIndex((d) => d.includes('"usage"'));
  return [tokens(stallData.slice(0, FRAMES_SEEN)), tokens(stallData.slice(0, beforeUsage))];
}

/** Sends request i; what its row must say follows from the answer. */
async function send(
  gateway: LocalGateway,
  tokens: Record<string, string>,
  stallData: string[],
  i: number,
): Promise<Sent> {
  const kind = kindOf(i);
  const stream = streams(kind);
  const requester = userOf(i);
  const tags = tagsOf(i);
  const endpoint = kind === 'limited' ? LIMITED : CHAT;
  const abort = new AbortController();
  const sentAt = Date.now();
  const res = await fetch(`${gateway.url}/ai-gateway/mlflow/v1/chat/completions`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${tokens[requester]}`,
      'content-type': 'application/json',
      ...(tags ? { [TAGS_HEADER]: JSON.stringify(tags) } : {}),
    },
    body: JSON.stringify({
      model: endpoint,
      stream,
      ...(kind === 'stream' ? { stream_options: { include_usage: true } } : {}),
      messages: [{ role: 'user', content: promptOf(kind) }],
    }),
    signal: AbortSignal.any([abort.signal, AbortSignal.timeout(REQUEST_TIMEOUT_MS)]),
  });
  const requestId = res.headers.get('x-request-id') ?? '';
  const fail = async (why: string): Promise<never> => {
    throw new Error(`request ${i} (${kind}): ${why}: ${res.status} ${await res.text()}`);
  };
  if (!requestId) await fail('no x-request-id');
  const row = {
    endpoint_name: endpoint,
    served_entity_name: 'main',
    requester,
    streaming: stream,
    request_tags: tags ?? {},
    error_message: null,
  };
  const done = (expected: Expected): Sent => ({ requestId, kind, expected, sentAt });

  if (kind === 'failed' || kind === 'failed_stream') {
    // Upstream 5xx answers are the gateway's 502.
    if (res.status !== 502) await fail('expected 502');
    const body = await res.json();
    if (body.error?.message !== UPSTREAM_FAILURE) await fail('not the provider message');
    return done({ ...row, ...NO_TOKENS, status_code: 502, error_message: UPSTREAM_FAILURE });
  }
  if (kind === 'limited' && res.status === 429) {
    await res.text();
    return done({
      ...row,
      ...NO_TOKENS,
      served_entity_name: null,
      status_code: 429,
      error_message: `Rate limit exceeded on serving endpoint '${LIMITED}': ${CALL_LIMIT} calls per minute for the endpoint. Retry in N s.`,
    });
  }
  if (res.status !== 200) await fail('expected 200');
  if (!stream) {
    const body = await res.json();
    if (body.object !== 'chat.completion' || !body.usage) await fail('incomplete answer');
    return done({ ...row, ...tokensOf(body.usage), status_code: 200 });
  }
  if (kind === 'stream') {
    const data = sseData(await res.text());
    if (data.at(-1) !== '[DONE]') await fail('the stream did not end with [DONE]');
    const usage = data
      .slice(0, -1)
      .map((d) => JSON.parse(d))
      .find((d) => d.usage)?.usage;
    if (!usage) await fail('no usage frame although include_usage was asked');
    return done({ ...row, ...tokensOf(usage), status_code: 200 });
  }
  // Aborted: read up to the first words of the answer, then leave.
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let seen = '';
  while (!seen.includes('"content":"echo"')) {
    const { value, done: ended } = await reader.read();
    if (ended) await fail(`the stream ended before the client left: ${seen}`);
    seen += decoder.decode(value, { stream: true });
  }
  abort.abort();
  if (JSON.stringify(sseData(seen)) !== JSON.stringify(stallData.slice(0, FRAMES_SEEN)))
    await fail(`not the frames the fake sends first: ${seen}`);
  return {
    ...done({
      ...row,
      input_tokens: ABANDONED_INPUT_TOKENS,
      // Known once the row is read (abandonedOutputRange).
      output_tokens: Number.NaN,
      total_tokens: Number.NaN,
      cache_read_input_tokens: 0,
      cache_creation_input_tokens: 0,
      reasoning_tokens: 0,
      tokens_estimated: true,
      status_code: 499,
      error_message: 'client closed the stream',
    }),
    outputRange: abandonedOutputRange(stallData),
  };
}

/** Requests, tokens and errors of a set of expected rows, as a summary group reports them. */
function sums(rows: Expected[]) {
  const total = (f: (r: Expected) => number) => rows.reduce((n, r) => n + f(r), 0);
  return {
    requests: rows.length,
    input_tokens: total((r) => r.input_tokens),
    output_tokens: total((r) => r.output_tokens),
    total_tokens: total((r) => r.total_tokens),
    cache_read_input_tokens: total((r) => r.cache_read_input_tokens),
    cache_creation_input_tokens: total((r) => r.cache_creation_input_tokens),
    reasoning_tokens: total((r) => r.reasoning_tokens),
    errors: rows.filter((r) => r.status_code >= 400).length,
  };
}

/** Expected groups, keyed as a summary keys them, sorted by key. */
function expectedGroups(sent: Sent[], keyOf: (e: Expected) => string | null) {
  const groups = new Map<string | null, Expected[]>();
  for (const { expected } of sent) {
    const key = keyOf(expected);
    groups.set(key, [...(groups.get(key) ?? []), expected]);
  }
  return sortByKey([...groups].map(([key, rows]) => ({ key, ...sums(rows) })));
}

const sortByKey = <G extends { key: string | null }>(groups: G[]) =>
  [...groups].sort((a, b) => String(a.key).localeCompare(String(b.key)));

/** A summary's groups without latency (checked on its own), sorted by key. */
function reportedGroups(groups: any[]) {
  return sortByKey(groups.map(({ latency_p50_ms: _, latency_p95_ms: __, ...g }) => g));
}

describe('usage under load', () => {
  let gateway: LocalGateway;
  const tokens: Record<string, string> = {};
  let stallData: string[];

  beforeAll(async () => {
    stallData = await fakeStreamData(promptOf('aborted'));
    gateway = await startLocalGateway({ 'api.openai.com': loadOpenAI() });
    await gateway.admin('POST', '/api/2.0/secrets/scopes/create', { scope: 'load' });
    await gateway.admin('POST', '/api/2.0/secrets/put', {
      scope: 'load',
      key: 'openai',
      string_value: OPENAI_KEY,
    });
    const entity = {
      name: 'main',
      external_model: {
        name: 'gpt-4o-mini',
        provider: 'openai',
        task: 'llm/v1/chat',
        openai_config: { openai_api_key: '{{secrets/load/openai}}' },
      },
    };
    await gateway.admin('POST', '/api/2.0/serving-endpoints', {
      name: CHAT,
      config: { served_entities: [entity] },
    });
    await gateway.admin('POST', '/api/2.0/serving-endpoints', {
      name: LIMITED,
      config: { served_entities: [entity] },
      ai_gateway: {
        rate_limits: [{ key: 'endpoint', calls: CALL_LIMIT, renewal_period: 'minute' }],
      },
    });
    for (const user of USERS)
      tokens[user] = (
        await gateway.admin('POST', '/api/2.0/token/create', {
          principal: user,
          comment: 'load test',
        })
      ).token_value;
    for (const endpoint of [CHAT, LIMITED])
      await gateway.admin('PATCH', `/api/2.0/permissions/serving-endpoints/${endpoint}`, {
        access_control_list: USERS.map((user_name) => ({
          user_name,
          permission_level: 'CAN_QUERY',
        })),
      });
  });
  afterAll(() => gateway?.stop());

  it(`${REQUESTS} overlapping requests (${CONCURRENCY} at a time) are each counted once by every usage reader`, async () => {
    // ---- Load ----
    const sent: Sent[] = [];
    let next = 0;
    const start = Date.now();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < REQUESTS) sent.push(await send(gateway, tokens, stallData, next++));
      }),
    );
    const answered = Date.now();
    // Rows carry the time their request arrived: all of them lie in [start, end).
    const end = answered + 1;
    const byId = new Map(sent.map((s) => [s.requestId, s]));
    expect(byId.size, 'request ids are unique').toBe(REQUESTS);
    const answers = tally(sent.map((s) => `${s.kind} ${s.expected.status_code}`));
    console.log(`${REQUESTS} requests answered in ${answered - start} ms:`, answers);

    // The rate limit: one window of CALL_LIMIT calls opens with the first call to the endpoint and
    // lasts a minute; a slower run may reach into later windows, never past their budgets.
    const limited = sent.filter((s) => s.kind === 'limited');
    const admitted = limited.filter((s) => s.expected.status_code === 200).length;
    const windows = Math.ceil((answered - Math.min(...limited.map((s) => s.sentAt))) / WINDOW_MS);
    if (windows <= 1)
      expect(admitted, 'calls admitted by the rate limit').toBe(
        Math.min(CALL_LIMIT, limited.length),
      );
    else {
      expect(admitted).toBeGreaterThanOrEqual(CALL_LIMIT);
      expect(admitted).toBeLessThanOrEqual(CALL_LIMIT * windows);
    }
    expect(answers['limited 429'] ?? 0).toBe(limited.length - admitted);

    // ---- Wait for the consumer: the rollups and the archive are written last. ----
    const range = `start_time=${start}&end_time=${end}`;
    const summaryTotal = async () =>
      (
        await gateway.admin('GET', `/api/2.0/ai-gateway/usage/summary?group_by=endpoint&${range}`)
      ).groups.reduce((n: number, g: { requests: number }) => n + g.requests, 0);
    // The cheap rollup total first; the whole export only once that is complete.
    const deadline = Date.now() + CATCH_UP_MS;
    const caughtUp = {
      summary: await pollUntil(summaryTotal, (n) => n >= REQUESTS, CATCH_UP_MS, 500),
      exported: await pollUntil(
        async () => (await exportedRows(gateway, start, end)).length,
        (n) => n >= REQUESTS,
        Math.max(0, deadline - Date.now()),
        500,
      ),
    };
    // A late duplicate would land within a consumer batch or two of the last row: wait that long.
    await sleep(2000);
    console.log(
      `consumer caught up ${Date.now() - answered} ms after the last answer (including 2 s settling):`,
      caughtUp,
    );

    /** Rows from one reader against the requests: none missing, none twice, none unknown, each as expected. */
    const checkRows = (reader: string, rows: Row[]) => {
      const ids = rows.map((r) => r.request_id);
      const seen = tally(ids);
      const twice = Object.keys(seen).filter((id) => seen[id] > 1);
      const unknown = ids.filter((id) => !byId.has(id));
      const missing = sent.filter((s) => !(s.requestId in seen));
      expect(twice, `${reader}: request ids listed more than once`).toEqual([]);
      expect(unknown, `${reader}: rows of requests never sent`).toEqual([]);
      expect(
        tally(missing.map((s) => `${s.kind} ${s.expected.status_code}`)),
        `${reader}: requests without a row`,
      ).toEqual({});
      expect(rows).toHaveLength(REQUESTS);
      const wrong = rows.flatMap((r) => {
        const { kind, expected } = byId.get(r.request_id)!;
        const [got, want] = [projection(r), projection(expected as Row)];
        return JSON.stringify(got) === JSON.stringify(want) ? [] : [{ kind, got, want }];
      });
      expect(wrong.slice(0, 3), `${reader}: rows unlike their answers (${wrong.length})`).toEqual(
        [],
      );
      const untimed = rows.filter(
        (r) => !(r.event_time >= start && r.event_time < end && typeof r.latency_ms === 'number'),
      );
      expect(untimed.slice(0, 3), `${reader}: rows outside the run or without latency`).toEqual([]);
    };

    // ---- The listing, every page ----
    const listing = await allPages<Row>(gateway, '/api/2.0/ai-gateway/usage', {
      start_time: start,
      end_time: end,
      max_results: 1000,
    });
    expect(listing.pages, 'pages of 1000').toBe(Math.ceil(REQUESTS / 1000));
    // The abandoned streams' output tokens, within their bounds, become their expectation: every
    // other reader must then agree with the listing on them.
    const listed = new Map(listing.rows.map((r) => [r.request_id, r]));
    const abandoned = sent.filter((s) => s.outputRange);
    const outOfRange = abandoned.flatMap((s) => {
      const output = listed.get(s.requestId)?.output_tokens ?? Number.NaN;
      const [low, high] = s.outputRange!;
      s.expected.output_tokens = output;
      s.expected.total_tokens = s.expected.input_tokens + output;
      return output >= low && output <= high ? [] : [{ output, low, high }];
    });
    console.log(
      'abandoned streams, output tokens (frames the gateway read before it noticed):',
      tally(abandoned.map((s) => String(s.expected.output_tokens))),
    );
    checkRows('listing', listing.rows);
    expect(
      outOfRange.slice(0, 3),
      `abandoned streams' output tokens (${outOfRange.length})`,
    ).toEqual([]);
    // One endpoint's listing, in smaller pages that do not divide it evenly.
    const chatRows = await allPages<Row>(gateway, '/api/2.0/ai-gateway/usage', {
      endpoint_name: CHAT,
      max_results: 777,
    });
    expect(chatRows.rows.map((r) => r.request_id).sort()).toEqual(
      sent
        .filter((s) => s.expected.endpoint_name === CHAT)
        .map((s) => s.requestId)
        .sort(),
    );

    // ---- The export: tight to the run (rows filtered at the hour's edges) and whole hours ----
    checkRows('export', await exportedRows<Row>(gateway, start, end));
    checkRows(
      'export of whole hours',
      await exportedRows<Row>(gateway, start - 2 * 3_600_000, end + 2 * 3_600_000),
    );

    // ---- The summaries ----
    const summary = async (groupBy: string) =>
      (
        await gateway.admin(
          'GET',
          `/api/2.0/ai-gateway/usage/summary?group_by=${encodeURIComponent(groupBy)}&${range}`,
        )
      ).groups as any[];
    const byEndpoint = await summary('endpoint');
    expect(reportedGroups(byEndpoint), 'group_by=endpoint').toEqual(
      expectedGroups(sent, (e) => e.endpoint_name),
    );
    expect(reportedGroups(await summary('requester')), 'group_by=requester').toEqual(
      expectedGroups(sent, (e) => e.requester),
    );
    expect(reportedGroups(await summary('served_entity')), 'group_by=served_entity').toEqual(
      expectedGroups(sent, (e) =>
        e.served_entity_name ? `${e.endpoint_name}/${e.served_entity_name}` : null,
      ),
    );
    const tagGroups = await summary('tag:team');
    expect(reportedGroups(tagGroups), 'group_by=tag:team').toEqual(
      expectedGroups(sent, (e) => e.request_tags.team ?? null),
    );
    expect(tagGroups.map((g) => g.key).sort()).toEqual(['blue', 'green', 'red', null].sort());
    // Days: the run may cross midnight (UTC); together they hold everything.
    const days = await summary('day');
    const runDays = new Set([start, end - 1].map((t) => new Date(t).toISOString().slice(0, 10)));
    for (const g of days) expect(runDays).toContain(g.key);
    const { key: _, ...everything } = expectedGroups(sent, () => 'all')[0];
    expect(
      reportedGroups(days).reduce(
        (acc, { key: __, ...g }) =>
          Object.fromEntries(Object.entries(g).map(([k, v]) => [k, (acc[k] ?? 0) + v])),
        {} as Record<string, number>,
      ),
      'group_by=day, all days together',
    ).toEqual(everything);
    // Latency percentiles come from the histograms and raw rows: every group has them, in order.
    for (const g of [...byEndpoint, ...tagGroups, ...days]) {
      expect(g.latency_p50_ms).toEqual(expect.any(Number));
      expect(g.latency_p95_ms).toBeGreaterThanOrEqual(g.latency_p50_ms);
    }

    // ---- Nothing left half done: every delivery's archive written, nothing dead-lettered ----
    const db = await gateway.mf.getD1Database('DB');
    const notes = await db.prepare('SELECT COUNT(*) AS n FROM usage_archive_outbox').first('n');
    expect(notes, 'deliveries whose archive is still pending').toBe(0);
    const bucket = await gateway.mf.getR2Bucket('ARCHIVE');
    expect((await bucket.list({ prefix: 'dead-letter/' })).objects).toEqual([]);
    expect((await bucket.list({ prefix: 'parts/' })).objects).toEqual([]);
  });
});
