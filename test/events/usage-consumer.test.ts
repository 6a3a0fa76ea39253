import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { MESSAGE_BYTES } from '../../src/events/messages';
import type { InferenceRecord } from '../../src/storage/inference';
import { admin, call, tokenFor, unique } from '../helpers/gateway';
import { deliver, queueMessages, USAGE_QUEUE, usageRow } from '../helpers/usage-rows';

// The usage queue's consumer (src/events/consumer.ts) driven as Queues drives it: batches of the
// gateway's own messages, delivered at least once, sometimes failing half way.

type Bindings = typeof env;
const HOUR = 3_600_000;

/** `env` whose R2 archive refuses puts for which `fail(key)` holds. */
function archiveFailing(fail: (key: string) => boolean): Bindings {
  const r2 = env.ARCHIVE;
  const archive = {
    get: r2.get.bind(r2),
    head: r2.head.bind(r2),
    list: r2.list.bind(r2),
    delete: r2.delete.bind(r2),
    put: async (key: string, ...rest: [any, any?]) => {
      if (fail(key)) throw new Error('R2 put down');
      return r2.put(key, ...rest);
    },
  };
  return { ...env, ARCHIVE: archive as unknown as R2Bucket };
}

/** `env` whose D1 refuses every batch (one transaction each). */
function d1Failing(): Bindings {
  const db = env.DB;
  const failing = {
    prepare: db.prepare.bind(db),
    batch: async () => {
      throw new Error('D1 batch down');
    },
  };
  return { ...env, DB: failing as unknown as D1Database };
}

async function rollup(endpoint: string) {
  return env.DB.prepare(
    'SELECT SUM(requests) AS requests, SUM(input_tokens) AS input_tokens FROM usage_rollup WHERE endpoint_name = ?',
  )
    .bind(endpoint)
    .first<{ requests: number | null; input_tokens: number | null }>();
}

const rawCount = async (endpoint: string) =>
  (await env.DB.prepare('SELECT COUNT(*) AS n FROM usage WHERE endpoint_name = ?')
    .bind(endpoint)
    .first<{ n: number }>())!.n;

async function exported(start: number, end: number): Promise<any[]> {
  const res = await admin(
    'GET',
    `/api/2.0/ai-gateway/usage/export?start_time=${start}&end_time=${end}`,
  );
  expect(res.status).toBe(200);
  return res.text
    .split('\n')
    .filter(Boolean)
    .map((line: string) => JSON.parse(line));
}

const rowsFor = (endpoint: string, n: number, at = Date.now()) =>
  Array.from({ length: n }, (_, i) =>
    usageRow({ endpoint_name: endpoint, input_tokens: i + 1, event_time: at + i }),
  );

/** Makes every archive note look abandoned, so the next delivery finishes it. */
const ageNotes = () => env.DB.prepare('UPDATE usage_archive_outbox SET created_at = 0').run();

describe('usage queue consumer', () => {
  it('counts a redelivered batch once when its first delivery stored the rows but not the archive', async () => {
    const endpoint = unique('redeliver-archive');
    const rows = rowsFor(endpoint, 40);
    const messages = queueMessages({ usage: rows });
    const first = await deliver(
      messages,
      archiveFailing((key) => key.startsWith('usage/')),
    );
    // D1 holds the rows, so the messages are done; the archive is owed and noted.
    expect(first.explicitAcks.length).toBe(messages.length);
    expect(await rollup(endpoint)).toEqual({ requests: 40, input_tokens: 820 });
    const notes = await env.DB.prepare('SELECT COUNT(*) AS n FROM usage_archive_outbox').first();
    expect(notes).toEqual({ n: 1 });

    // Queues redeliver anyway (at least once): nothing counts twice.
    await deliver(messages.map((m) => ({ ...m, attempts: 2 })));
    expect(await rollup(endpoint)).toEqual({ requests: 40, input_tokens: 820 });
    expect(await rawCount(endpoint)).toBe(40);

    // A later delivery finishes the abandoned archive from D1, once.
    await ageNotes();
    await deliver(queueMessages({ usage: rowsFor(unique('other'), 1) }));
    const archived = (await exported(Date.now() - HOUR, Date.now() + HOUR)).filter(
      (r) => r.endpoint_name === endpoint,
    );
    expect(archived.map((r) => r.request_id).sort()).toEqual(rows.map((r) => r.request_id).sort());
    expect(await env.DB.prepare('SELECT COUNT(*) AS n FROM usage_archive_outbox').first()).toEqual({
      n: 0,
    });
  });

  it('retries a batch whose D1 transaction failed after its inference records reached R2, and then counts it once', async () => {
    const endpoint = unique('redeliver-d1');
    const rows = rowsFor(endpoint, 10);
    const records: InferenceRecord[] = rows.map((r) => ({
      request_id: r.request_id,
      event_time: r.event_time,
      endpoint_name: endpoint,
      served_entity_name: 'entity-0',
      requester: 'someone',
      status_code: 200,
      request_body: `{"q":"${r.request_id}"}`,
      response_body: '{"a":1}',
      truncated: false,
      request_tags: { team: 'x' },
      latency_ms: 10,
      time_to_first_byte_ms: 5,
    }));
    const messages = queueMessages({ usage: rows, inference: records });
    const first = await deliver(messages, d1Failing());
    expect(first.explicitAcks).toEqual([]);
    expect(first.retryMessages.map((m: { msgId: string }) => m.msgId).sort()).toEqual(
      messages.map((m) => m.id).sort(),
    );
    expect(await rawCount(endpoint)).toBe(0);

    const second = await deliver(messages.map((m) => ({ ...m, attempts: 2 })));
    expect(second.explicitAcks.length).toBe(messages.length);
    const third = await deliver(messages.map((m) => ({ ...m, attempts: 3 })));
    expect(third.explicitAcks.length).toBe(messages.length);
    expect(await rollup(endpoint)).toEqual({ requests: 10, input_tokens: 55 });
    const listed = await admin(
      'GET',
      `/api/2.0/ai-gateway/inference?endpoint_name=${endpoint}&max_results=100`,
    );
    expect(listed.json.rows.map((r: any) => r.request_id).sort()).toEqual(
      rows.map((r) => r.request_id).sort(),
    );
    expect(listed.json.rows.find((r: any) => r.request_id === rows[3].request_id)).toEqual(
      records[3],
    );
  });

  it('counts an event once when the producer sent it twice, in one delivery or in two', async () => {
    const endpoint = unique('twice');
    const rows = rowsFor(endpoint, 5);
    await deliver([...queueMessages({ usage: rows }), ...queueMessages({ usage: rows })]);
    await deliver(queueMessages({ usage: rows }));
    expect(await rollup(endpoint)).toEqual({ requests: 5, input_tokens: 15 });
    expect(await rawCount(endpoint)).toBe(5);
  });

  it('joins an event sent in parts, whatever order and deliveries the parts come in', async () => {
    const endpoint = unique('parts');
    const body = 'y'.repeat(Math.floor(MESSAGE_BYTES * 2.5));
    const record: InferenceRecord = {
      request_id: crypto.randomUUID(),
      event_time: Date.now(),
      endpoint_name: endpoint,
      served_entity_name: 'entity-0',
      requester: 'someone',
      status_code: 200,
      request_body: body,
      response_body: body,
      truncated: false,
      request_tags: {},
      latency_ms: 1,
      time_to_first_byte_ms: 1,
    };
    const messages = queueMessages({ inference: [record] });
    expect(messages.length).toBe(Math.ceil((2 * body.length + 300) / MESSAGE_BYTES));
    for (const m of [...messages].reverse())
      expect((await deliver([m])).explicitAcks).toHaveLength(1);
    // One part again after the join: it waits for siblings that are gone and stores nothing twice.
    await deliver([messages[1]]);
    const listed = await admin('GET', `/api/2.0/ai-gateway/inference?endpoint_name=${endpoint}`);
    expect(listed.json.rows).toEqual([record]);
    const parts = await env.ARCHIVE.list({ prefix: 'parts/' });
    expect(parts.objects.length).toBeLessThanOrEqual(1);
  });

  it('keeps a malformed message in R2 under dead-letter/ instead of retrying it forever', async () => {
    const result = await deliver([
      {
        id: 'garbage-1',
        timestamp: new Date(),
        attempts: 1,
        body: new TextEncoder().encode('not a message').buffer,
      },
    ]);
    expect(result.explicitAcks).toEqual(['garbage-1']);
    const kept = await env.ARCHIVE.list({ prefix: 'dead-letter/' });
    expect(kept.objects.map((o) => o.key).some((k) => k.endsWith('/garbage-1.bin'))).toBe(true);
  });

  it('deletes raw rows past the retention in bounded steps, while rollups and the archive keep them', async () => {
    const endpoint = unique('retention');
    const old = Date.now() - 8 * 86_400_000;
    await deliver(queueMessages({ usage: rowsFor(endpoint, 3, old) }));
    expect(await rawCount(endpoint)).toBe(0);
    expect(await rollup(endpoint)).toEqual({ requests: 3, input_tokens: 6 });
    const archived = (await exported(old - HOUR, old + HOUR)).filter(
      (r) => r.endpoint_name === endpoint,
    );
    expect(archived).toHaveLength(3);
  });

  it('keeps what the dead-letter queue receives, and replays it so it is counted once', async () => {
    const endpoint = unique('dead-letter');
    const rows = rowsFor(endpoint, 4);
    const [message] = queueMessages({ usage: rows }, 11);
    const kept = await deliver([message], env, `${USAGE_QUEUE}-dlq`);
    expect(kept.explicitAcks).toEqual([message.id]);
    expect(await rawCount(endpoint)).toBe(0);

    const user = await tokenFor(unique('dlq-user'), {});
    const refused = await call('POST', '/api/2.0/ai-gateway/usage/dead-letters/replay', user);
    expect(refused.status).toBe(403);
    const waiting = (await env.ARCHIVE.list({ prefix: 'dead-letter/' })).objects.length;
    expect(waiting).toBeGreaterThanOrEqual(1);
    const replay = await admin('POST', '/api/2.0/ai-gateway/usage/dead-letters/replay');
    expect(replay.status).toBe(200);
    expect(replay.json).toEqual({ replayed: waiting, remaining: false });
    // Back on the usage queue, the gateway's own consumer stores it.
    const deadline = Date.now() + 5000;
    while ((await rawCount(endpoint)) < 4 && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 25));
    expect(await rollup(endpoint)).toEqual({ requests: 4, input_tokens: 10 });
  });
});
