import { randomBytes } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalGateway, type LocalGateway } from '../agents/harness/gateway';
import { fakeOpenAI } from '../fakes/openai-upstream';
import type { FakeHandler } from '../fakes/router';
import { allPages, pollUntil } from './load-helpers';

// What inference tables cost where it matters: with them on, every request's request and answer
// (here ~16 KiB each) go to R2, and D1 grows only by the request's usage row and a small index
// entry. Measured through the running gateway (Miniflare's local Queue, D1 and R2): D1's size
// before and after a few hundred such requests, the bytes of the inference objects in R2, and the
// bodies read back whole from R2 and through GET /api/2.0/ai-gateway/inference.

const OPENAI_KEY = 'sk-load-openai';
const ENDPOINT = 'load-inference';
/** Requests before the measurement, so the tables' first pages are not counted against it. */
const WARM_UP = 20;
const REQUESTS = 300;
const CONCURRENCY = 16;
/** Characters of each prompt; the fake's answer echoes it, so the answer is as large. */
const PROMPT_CHARS = 16 * 1024;
/** One request in this many streams its answer (the inference record holds the assembled message). */
const STREAM_EVERY = 100;
const CATCH_UP_MS = 30_000;
/** What D1 may grow by per request, at most: its usage row and its inference index entry. */
const D1_BYTES_PER_REQUEST = 1024;

interface Sent {
  requestId: string;
  body: string;
  prompt: string;
  stream: boolean;
}

interface InferenceRecord {
  request_id: string;
  endpoint_name: string;
  status_code: number;
  request_body: string | null;
  response_body: string | null;
  truncated: boolean;
}

/**
 * The fake OpenAI, its streams sent in one piece. The fake sends each SSE frame (4 characters of
 * the answer) as a chunk of its own, and a few dozen concurrent streams of ~4,000 chunks each
 * make the local workerd drop connections mid-response (a 15-line worker that re-enqueues each
 * chunk does the same): not what this test measures. The gateway still reads every frame.
 */
function wholeStreams(fake: FakeHandler): FakeHandler {
  return async (request) => {
    const response = await fake(request);
    if (!response.headers.get('content-type')?.includes('text/event-stream')) return response;
    return new Response(await response.text(), {
      status: response.status,
      headers: response.headers,
    });
  };
}

/** Random text that gzip cannot shrink below 6 bits a character (base64url of random bytes). */
const incompressible = (chars: number) =>
  randomBytes(Math.ceil((chars * 3) / 4))
    .toString('base64url')
    .slice(0, chars);

async function send(gateway: LocalGateway, token: string, i: number): Promise<Sent> {
  const stream = i % STREAM_EVERY === STREAM_EVERY - 1;
  const prompt = `${i}:${incompressible(PROMPT_CHARS)}`;
  const body = JSON.stringify({
    model: ENDPOINT,
    ...(stream ? { stream: true } : {}),
    messages: [{ role: 'user', content: prompt }],
  });
  const res = await fetch(`${gateway.url}/ai-gateway/mlflow/v1/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body,
    signal: AbortSignal.timeout(30_000),
  });
  const text = await res.text();
  const requestId = res.headers.get('x-request-id') ?? '';
  if (res.status !== 200 || !requestId) throw new Error(`request ${i}: ${res.status} ${text}`);
  if (!text.includes(stream ? 'data: [DONE]' : `"echo: ${prompt}"`))
    throw new Error(`request ${i}: incomplete answer`);
  return { requestId, body, prompt, stream };
}

/** The content of the assistant's message in an inference record's response body. */
const answerText = (record: InferenceRecord) =>
  JSON.parse(record.response_body ?? 'null')?.choices?.[0]?.message?.content;

describe('inference tables under load', () => {
  let gateway: LocalGateway;
  let token: string;

  beforeAll(async () => {
    gateway = await startLocalGateway({
      'api.openai.com': wholeStreams(fakeOpenAI({ apiKey: OPENAI_KEY })),
    });
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
      ai_gateway: { inference_table_config: { enabled: true } },
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

  it(`${REQUESTS} requests of ${PROMPT_CHARS / 1024} KiB grow D1 by well under ${D1_BYTES_PER_REQUEST} bytes each; the bodies are in R2`, async () => {
    const db = await gateway.mf.getD1Database('DB');
    const bucket = await gateway.mf.getR2Bucket('ARCHIVE');
    /** D1's file size, as D1 reports it after a statement. */
    const d1Bytes = async () => Number((await db.prepare('SELECT 1').run()).meta.size_after);
    const stored = async () => ({
      usage: Number(await db.prepare('SELECT COUNT(*) AS n FROM usage').first('n')),
      inference: Number(await db.prepare('SELECT COUNT(*) AS n FROM inference_log').first('n')),
    });
    /**
     * Sends requests [from, to), CONCURRENCY at a time, and waits until the consumer stored them
     * all: a delivery writes its inference objects to R2 before its D1 transaction.
     */
    const load = async (from: number, to: number) => {
      const sent: Sent[] = [];
      let next = from;
      await Promise.all(
        Array.from({ length: CONCURRENCY }, async () => {
          while (next < to) sent.push(await send(gateway, token, next++));
        }),
      );
      const counts = await pollUntil(
        stored,
        (c) => c.usage >= to && c.inference >= to,
        CATCH_UP_MS,
      );
      expect(counts, 'usage rows and inference index entries stored').toEqual({
        usage: to,
        inference: to,
      });
      return sent;
    };
    /** Every object under inference/ with its size. */
    const inferenceObjects = async () => {
      const objects: { key: string; size: number }[] = [];
      let cursor: string | undefined;
      do {
        const page = await bucket.list({ prefix: 'inference/', cursor });
        objects.push(...page.objects.map((o) => ({ key: o.key, size: o.size })));
        cursor = page.truncated ? page.cursor : undefined;
      } while (cursor);
      return objects;
    };

    const warmUp = await load(0, WARM_UP);
    const d1Before = await d1Bytes();
    const r2Before = (await inferenceObjects()).reduce((n, o) => n + o.size, 0);
    const started = Date.now();
    const measured = await load(WARM_UP, WARM_UP + REQUESTS);
    const elapsed = Date.now() - started;
    const d1After = await d1Bytes();
    const objects = await inferenceObjects();
    const r2After = objects.reduce((n, o) => n + o.size, 0);

    const sent = [...warmUp, ...measured];
    const bodyChars = measured.reduce((n, s) => n + s.body.length, 0);
    const d1PerRequest = (d1After - d1Before) / REQUESTS;
    const r2PerRequest = (r2After - r2Before) / REQUESTS;
    console.log(
      `${REQUESTS} requests (${(bodyChars / REQUESTS / 1024).toFixed(1)} KiB request bodies, answers as large) stored in ${elapsed} ms: ` +
        `D1 ${d1Before} → ${d1After} bytes, ${d1PerRequest.toFixed(0)} bytes/request; ` +
        `R2 inference objects ${r2Before} → ${r2After} bytes in ${objects.length} objects, ${r2PerRequest.toFixed(0)} bytes/request (gzip)`,
    );
    expect(d1PerRequest).toBeLessThan(D1_BYTES_PER_REQUEST);

    // ---- R2: every record, whole, once ----
    const inR2: InferenceRecord[] = [];
    let r2Json = 0;
    for (const { key } of objects) {
      const object = await bucket.get(key);
      // Each record is a gzip member of its own; the object as a whole is gzipped NDJSON.
      const text = gunzipSync(Buffer.from(await object!.arrayBuffer())).toString('utf8');
      r2Json += text.length;
      inR2.push(
        ...text
          .split('\n')
          .filter(Boolean)
          .map((line) => JSON.parse(line)),
      );
    }
    const byId = new Map(sent.map((s) => [s.requestId, s]));
    const checkRecords = (reader: string, records: InferenceRecord[]) => {
      expect(records.length, `${reader}: records`).toBe(sent.length);
      expect(new Set(records.map((r) => r.request_id)).size, `${reader}: distinct records`).toBe(
        sent.length,
      );
      const wrong = records.filter((r) => {
        const s = byId.get(r.request_id);
        return (
          !s ||
          r.endpoint_name !== ENDPOINT ||
          r.status_code !== 200 ||
          r.truncated ||
          r.request_body !== s.body ||
          answerText(r) !== `echo: ${s.prompt}`
        );
      });
      expect(
        wrong.slice(0, 2).map((r) => ({
          request_id: r.request_id,
          known: byId.has(r.request_id),
          truncated: r.truncated,
          request_chars: r.request_body?.length,
          response_chars: r.response_body?.length,
        })),
        `${reader}: records without their full bodies (${wrong.length})`,
      ).toEqual([]);
    };
    checkRecords('R2', inR2);
    // The records hold both bodies, each JSON-quoted once more, and little else...
    const bodies = sent.reduce((n, s) => n + s.body.length + s.prompt.length, 0);
    expect(r2Json).toBeGreaterThan(bodies);
    expect(r2Json).toBeLessThan(bodies + 2048 * sent.length);
    // ...and gzip cannot keep 6 random bits a character in fewer bytes (the echo repeats the prompt
    // within gzip's window, so it costs little more).
    const random = measured.reduce((n, s) => n + s.prompt.length, 0);
    expect(r2After - r2Before).toBeGreaterThan(0.75 * random);
    expect(r2After - r2Before).toBeLessThan(1.25 * random);

    // ---- The API: every record with its full bodies, page by page ----
    const { rows, pages } = await allPages<InferenceRecord>(
      gateway,
      '/api/2.0/ai-gateway/inference',
      { endpoint_name: ENDPOINT, max_results: 100 },
    );
    expect(pages).toBe(Math.ceil(sent.length / 100));
    checkRecords('GET /inference', rows);
  });
});
