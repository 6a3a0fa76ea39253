#!/usr/bin/env node
// npm run bench:usage: the usage data path end to end, with the gateway's own code on both sides.
// Synthetic usage rows (bench/usage-events.mjs) go through the real outbox and message packing
// (src/events/outbox.ts and messages.ts, bundled for Node with esbuild) into the real queue of the
// bundled worker under Miniflare (scripts/local-gateway.mjs), whose queue() handler is the real
// consumer (src/events/consumer.ts) writing to D1 and R2; bench/usage-worker.mjs wraps that worker
// only to note what each D1 statement cost (D1's own duration and rows written). Miniflare's queue
// broker delivers one batch at a time (max_batch_size 100 from wrangler.toml), so the consumer
// figures are those of ONE sequential stream of consumer invocations; D1 is local SQLite, without
// the network hop or the replication of the real service.
//
// Four runs, one database:
//   busy      BENCH_USAGE_EVENTS rows (200,000) from one busy isolate: windows fill, messages are full
//   sparse    BENCH_USAGE_SPARSE rows (20,000), ten per message: many quiet isolates
//   inference BENCH_USAGE_INFERENCE requests (5,000) whose endpoint keeps inference tables, each
//             with a usage row and a record of BENCH_USAGE_BODY_BYTES (16 KiB) of bodies
//   steady    BENCH_USAGE_STEADY rows (50,000) as busy, while as many rows past retention wait in D1
//             (put there directly): retention deletes as much as the run inserts, as it does once
//             a deployment is older than USAGE_RETENTION_DAYS
// Storage per table comes from D1's own size (meta.size_after), read before and after each run and
// again while emptying the tables at the end.
import { spawnSync } from 'node:child_process';
import { gunzipSync } from 'node:zlib';
import { Log, LogLevel } from 'miniflare';
import { buildGateway, startGateway } from '../scripts/local-gateway.mjs';
import { inferenceRecord, random, trafficShape, usageRows } from './usage-events.mjs';

const OUT = 'bench/.dist/usage';
/** The served worker: src/index.ts with its D1 batches watched (bench/usage-worker.mjs). */
const WORKER = 'bench/usage-worker.mjs';
const PRODUCER = `${OUT}/usage-producer.mjs`;
const BUSY = Number(process.env.BENCH_USAGE_EVENTS ?? 200_000);
const SPARSE = Number(process.env.BENCH_USAGE_SPARSE ?? 20_000);
const SPARSE_PER_MESSAGE = 10;
const INFERENCE = Number(process.env.BENCH_USAGE_INFERENCE ?? 5_000);
const BODY_BYTES = Number(process.env.BENCH_USAGE_BODY_BYTES ?? 16 * 1024);
const STEADY = Number(process.env.BENCH_USAGE_STEADY ?? 50_000);
const DAY = 86_400_000;
const HOUR = 3_600_000;
/** Event times of the busy run: the last HOURS hours before the run starts. */
const HOURS = 4;
const USAGE_QUEUE = 'llm-gateway-usage-dev';
/** sendBatch calls in flight at once, as a few busy isolates would have. */
const IN_FLIGHT = 8;

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const perMillion = (value, events) => (value / events) * 1e6;
const fmt = (n, digits = 0) =>
  n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const mb = (bytes) => `${fmt(bytes / 1e6, 1)} MB`;
const gb = (bytes) => `${fmt(bytes / 1e9, 2)} GB`;

/** The outbox and message code of src/events/, compiled for Node. */
function bundleProducer() {
  const result = spawnSync(
    'node_modules/.bin/esbuild',
    ['--bundle', '--format=esm', '--platform=node', '--loader=ts', `--outfile=${PRODUCER}`],
    {
      input:
        "export { enqueueEvents } from './src/events/outbox';\nexport { insertUsageJson } from './src/storage/usage';\n",
      encoding: 'utf8',
    },
  );
  if (result.status !== 0) throw new Error(`esbuild failed:\n${result.stderr}`);
}

/** Miniflare's log: keeps the queue broker's "QUEUE <name> acked/total (ms)" lines, prints the rest. */
class DeliveryLog extends Log {
  deliveries = [];
  constructor() {
    super(LogLevel.INFO);
  }
  log(message) {
    // biome-ignore lint/suspicious/noControlCharactersInRegex: ANSI colour codes
    const plain = message.replace(/\u001b\[[0-9;]*m/g, '');
    if (plain.includes('/__bench/')) return; // the benchmark's own requests
    const m = /QUEUE (\S+) (\d+)\/(\d+) \((\d+)ms\)/.exec(plain);
    if (!m) return super.log(message);
    this.deliveries.push({
      queue: m[1],
      acked: Number(m[2]),
      total: Number(m[3]),
      ms: Number(m[4]),
      end: performance.now(),
    });
  }
}

/** A queue binding that keeps what the outbox sends, to be delivered to Miniflare's queue later. */
function recordingQueue() {
  const batches = [];
  return {
    batches,
    queue: {
      async sendBatch(messages) {
        batches.push([...messages]);
      },
    },
  };
}

/** One finished request's ExecutionContext: what it handed to waitUntil. */
const requestContext = (pending) => ({
  waitUntil: (p) => pending.push(p),
  passThroughOnException() {},
  props: {},
});

async function d1Size(db) {
  return (await db.prepare('SELECT 1').all()).meta.size_after;
}

const count = async (db, sql) => (await db.prepare(sql).first()).n;

async function archive(bucket, prefix) {
  const objects = [];
  let cursor;
  do {
    const page = await bucket.list({ prefix, cursor });
    objects.push(...page.objects);
    cursor = page.truncated ? page.cursor : undefined;
  } while (cursor);
  return { objects: objects.length, bytes: objects.reduce((s, o) => s + o.size, 0), keys: objects };
}

/**
 * Feeds `events` ({usage, inference?} per request) through a fresh outbox instance, `perWindow`
 * requests per window (null: a window closes when its message is full or after 1 s, as in a busy
 * isolate). Returns the sendBatch calls it made.
 */
async function pack(events, perWindow, tag) {
  const outbox = await import(`./.dist/usage/usage-producer.mjs?${tag}`);
  const { batches, queue } = recordingQueue();
  const env = { USAGE_QUEUE: queue, USAGE_BATCH_WINDOW_MS: perWindow ? '0' : '1000' };
  const pending = [];
  const started = performance.now();
  for (let i = 0; i < events.length; i++) {
    outbox.enqueueEvents(env, requestContext(pending), events[i]);
    // A macrotask between windows: a zero-length window closes and is sent.
    if (perWindow && (i + 1) % perWindow === 0) await sleep(0);
  }
  // The last window of a busy isolate closes on its 1 s timer; the time until then is not work.
  const packedMs = performance.now() - started;
  await Promise.all(pending);
  return { batches, packedMs };
}

/** The outbox's sendBatch calls, made on Miniflare's queue with a few in flight at once. */
async function send(producer, batches) {
  const started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async () => {
      while (next < batches.length) await producer.sendBatch(batches[next++]);
    }),
  );
  return performance.now() - started;
}

/** What bench/usage-worker.mjs noted of each delivery so far. */
async function noted(gw) {
  return (await fetch(`${gw.url}/__bench/deliveries`)).json();
}

/** Waits until the consumer has acknowledged `messages` messages since delivery `from`. */
async function drained(log, from, messages) {
  for (;;) {
    const mine = log.deliveries.slice(from).filter((d) => d.queue === USAGE_QUEUE);
    const acked = mine.reduce((s, d) => s + d.acked, 0);
    const retried = mine.reduce((s, d) => s + d.total - d.acked, 0);
    if (retried) throw new Error(`the consumer retried ${retried} messages`);
    if (acked >= messages) return mine;
    await sleep(50);
  }
}

async function run(gw, log, name, events, perWindow) {
  const db = await gw.mf.getD1Database('DB');
  const bucket = await gw.mf.getR2Bucket('ARCHIVE');
  const producer = await gw.mf.getQueueProducer('USAGE_QUEUE');
  const sizeBefore = await d1Size(db);
  const usageBefore = await archive(bucket, 'usage/');
  const inferenceBefore = await archive(bucket, 'inference/');
  const { batches, packedMs } = await pack(events, perWindow, name);
  const messages = batches.flat();
  const from = log.deliveries.length;
  const notedFrom = (await noted(gw)).length;
  const sendMs = await send(producer, batches);
  const deliveries = await drained(log, from, messages.length);
  const notes = (await noted(gw)).slice(notedFrom).filter((n) => n.queue === USAGE_QUEUE);
  const busyMs = deliveries.reduce((s, d) => s + d.ms, 0);
  const sorted = deliveries.map((d) => d.ms).sort((a, b) => a - b);
  const first = deliveries[0];
  const wallMs = deliveries.at(-1).end - (first.end - first.ms);
  const usage = await archive(bucket, 'usage/');
  const inference = await archive(bucket, 'inference/');
  return {
    name,
    events: events.length,
    inference: events.filter((e) => e.inference).length,
    sent: {
      calls: batches.length,
      messages: messages.length,
      bytes: messages.reduce((n, m) => n + m.body.length, 0),
      packedMs,
      sendMs,
    },
    deliveries: deliveries.length,
    busyMs,
    wallMs,
    deliveryMs: { median: sorted[Math.floor(sorted.length / 2)], max: sorted.at(-1) },
    d1Ms: notes.reduce((n, d) => n + d.d1Ms, 0),
    d1RowsWritten: notes.reduce((n, d) => n + d.rowsWritten, 0),
    d1Statements: notes.reduce((n, d) => n + d.statements, 0),
    handlerMs: notes.reduce((n, d) => n + d.ms, 0),
    byKind: notes.reduce((sum, d) => {
      for (const [kind, k] of Object.entries(d.byKind)) {
        const s = (sum[kind] ??= { ms: 0, rowsWritten: 0 });
        s.ms += k.ms;
        s.rowsWritten += k.rowsWritten;
      }
      return sum;
    }, {}),
    d1Bytes: (await d1Size(db)) - sizeBefore,
    usageObjects: usage.objects - usageBefore.objects,
    usageBytes: usage.bytes - usageBefore.bytes,
    inferenceObjects: inference.objects - inferenceBefore.objects,
    inferenceBytes: inference.bytes - inferenceBefore.bytes,
  };
}

/** Every stored count agrees with what was sent: rows, rollup sums, archive lines, inference index. */
async function check(gw, expected) {
  const db = await gw.mf.getD1Database('DB');
  const bucket = await gw.mf.getR2Bucket('ARCHIVE');
  const raw = await count(db, 'SELECT COUNT(*) AS n FROM usage');
  const rolled = await count(db, 'SELECT SUM(requests) AS n FROM usage_rollup');
  const histogram = await count(db, 'SELECT SUM(requests) AS n FROM usage_latency_rollup');
  const indexed = await count(db, 'SELECT COUNT(*) AS n FROM inference_log');
  let archived = 0;
  for (const { key } of (await archive(bucket, 'usage/')).keys) {
    const text = gunzipSync(Buffer.from(await (await bucket.get(key)).arrayBuffer())).toString();
    archived += text.split('\n').filter(Boolean).length;
  }
  const deadLetters = (await archive(bucket, 'dead-letter/')).objects;
  const notes = await count(db, 'SELECT COUNT(*) AS n FROM usage_archive_outbox');
  const expired = await count(
    db,
    "SELECT COUNT(*) AS n FROM usage WHERE batch_id = 'bench-expired'",
  );
  const ok =
    raw === expected.rows &&
    rolled === expected.rows &&
    histogram === expected.rows &&
    archived === expected.rows &&
    indexed === expected.inference &&
    deadLetters === 0 &&
    notes === 0 &&
    expired === 0;
  return { ok, raw, rolled, histogram, archived, indexed, deadLetters, notes, expired };
}

/** Rows older than the retention period, written straight into D1 (no rollups, no archive). */
async function expiredRows(gw, rows) {
  const { insertUsageJson } = await import('./.dist/usage/usage-producer.mjs?expired');
  const db = await gw.mf.getD1Database('DB');
  for (let i = 0; i < rows.length; i += 1000)
    await insertUsageJson(db, JSON.stringify(rows.slice(i, i + 1000)), 'bench-expired').run();
}

/** Bytes each table (with its indexes) holds: D1's size as they are emptied one by one. */
async function tableBytes(gw) {
  const db = await gw.mf.getD1Database('DB');
  const out = {};
  for (const table of ['inference_log', 'usage', 'usage_latency_rollup', 'usage_rollup']) {
    const before = await d1Size(db);
    out[`${table}_rows`] = await count(db, `SELECT COUNT(*) AS n FROM ${table}`);
    await db.prepare(`DELETE FROM ${table}`).run();
    out[table] = before - (await d1Size(db));
  }
  return out;
}

function report(runs, checked, tables, rollupRows, started) {
  const [busy, sparse, inf, steady] = runs;
  const line = (label, ...cells) =>
    console.log(`  ${label.padEnd(34)}${cells.map((c) => String(c).padStart(16)).join('')}`);
  console.log('\nconsumer (one sequential stream of invocations, local D1 and R2)');
  line('', ...runs.map((r) => r.name));
  line('requests', ...runs.map((r) => fmt(r.events)));
  line('queue messages', ...runs.map((r) => fmt(r.sent.messages)));
  line('sendBatch calls', ...runs.map((r) => fmt(r.sent.calls)));
  line('requests per message', ...runs.map((r) => fmt(r.events / r.sent.messages, 1)));
  line('bytes per message', ...runs.map((r) => fmt(r.sent.bytes / r.sent.messages)));
  line('deliveries (queue() calls)', ...runs.map((r) => fmt(r.deliveries)));
  line('messages per delivery', ...runs.map((r) => fmt(r.sent.messages / r.deliveries, 1)));
  line('ms per delivery (mean)', ...runs.map((r) => fmt(r.busyMs / r.deliveries)));
  line(
    'ms per delivery (median / max)',
    ...runs.map((r) => `${fmt(r.deliveryMs.median)} / ${fmt(r.deliveryMs.max)}`),
  );
  line('requests/s, consumer busy time', ...runs.map((r) => fmt(r.events / (r.busyMs / 1000))));
  line('requests/s, first to last delivery', ...runs.map((r) => fmt(r.events / (r.wallMs / 1000))));
  line('requests per delivery', ...runs.map((r) => fmt(r.events / r.deliveries)));
  line('queue() handler ms (in the worker)', ...runs.map((r) => fmt(r.handlerMs / r.deliveries)));
  line('D1 batch ms per delivery (D1 time)', ...runs.map((r) => fmt(r.d1Ms / r.deliveries)));
  line('D1 share of delivery time', ...runs.map((r) => `${fmt((100 * r.d1Ms) / r.busyMs)}%`));
  line('requests/s of D1 time', ...runs.map((r) => fmt(r.events / (r.d1Ms / 1000))));
  line('D1 statements per delivery', ...runs.map((r) => fmt(r.d1Statements / r.deliveries, 1)));
  line('D1 rows written per request', ...runs.map((r) => fmt(r.d1RowsWritten / r.events, 2)));
  line(
    'outbox packing, requests/s (Node)',
    ...runs.map((r) => fmt(r.events / (r.sent.packedMs / 1000))),
  );
  console.log(
    '\nD1 work by statement: ms of D1 time per 1,000 requests / rows written per request',
  );
  line('', ...runs.map((r) => r.name));
  const kinds = [...new Set(runs.flatMap((r) => Object.keys(r.byKind)))];
  for (const kind of kinds)
    line(
      kind,
      ...runs.map((r) => {
        const k = r.byKind[kind];
        return k
          ? `${fmt((k.ms / r.events) * 1000, 1)} / ${fmt(k.rowsWritten / r.events, 2)}`
          : '-';
      }),
    );
  console.log('\nstorage per million requests');
  line('', ...runs.map((r) => r.name));
  line('D1 growth (rows+rollups+indexes)', ...runs.map((r) => gb(perMillion(r.d1Bytes, r.events))));
  line('R2 usage archive objects', ...runs.map((r) => fmt(perMillion(r.usageObjects, r.events))));
  line('R2 usage archive bytes', ...runs.map((r) => mb(perMillion(r.usageBytes, r.events))));
  line('R2 inference objects', ...runs.map((r) => fmt(perMillion(r.inferenceObjects, r.events))));
  line('R2 inference bytes', ...runs.map((r) => gb(perMillion(r.inferenceBytes, r.events))));
  const rawRows = tables.usage_rows;
  console.log('\nD1 by table (emptied one by one at the end)');
  console.log(
    `  usage (raw rows + 4 indexes)       ${mb(tables.usage)} for ${fmt(rawRows)} rows = ${fmt(tables.usage / rawRows)} B/row = ${gb(perMillion(tables.usage, rawRows))} per million`,
  );
  console.log(
    `  inference_log (index of R2 records) ${mb(tables.inference_log)} for ${fmt(tables.inference_log_rows)} rows = ${fmt(tables.inference_log / tables.inference_log_rows)} B/row = ${gb(perMillion(tables.inference_log, tables.inference_log_rows))} per million`,
  );
  const rollupBytes = tables.usage_rollup + tables.usage_latency_rollup;
  console.log(
    `  rollups                            ${mb(rollupBytes)}: ${fmt(tables.usage_rollup_rows)} usage_rollup rows (${fmt(tables.usage_rollup / tables.usage_rollup_rows)} B/row), ${fmt(tables.usage_latency_rollup_rows)} latency rows (${fmt(tables.usage_latency_rollup / tables.usage_latency_rollup_rows)} B/row)`,
  );
  console.log(
    `  rollup keys of the busy run        ${fmt(rollupRows.keys)} (${fmt(rollupRows.keys / HOURS)} per hour) and ${fmt(rollupRows.latency)} histogram rows (${fmt(rollupRows.latency / rollupRows.keys, 1)} per key) for ${fmt(busy.events)} requests over ${HOURS} h`,
  );
  console.log(
    `\ninference run: ${fmt(BODY_BYTES)} bytes of bodies per record; R2 ${gb(perMillion(inf.inferenceBytes, inf.inference))} and ${fmt(perMillion(inf.inferenceObjects, inf.inference))} objects per million records; D1 ${gb(perMillion(inf.d1Bytes, inf.events))} per million requests (usage row + index row)`,
  );
  console.log(
    `checks: ${checked.ok ? 'ok' : 'FAILED'} — ${fmt(checked.raw)} raw rows, rollup requests ${fmt(checked.rolled)}, histogram ${fmt(checked.histogram)}, archived ${fmt(checked.archived)}, inference index ${fmt(checked.indexed)}, dead letters ${checked.deadLetters}, open archive notes ${checked.notes}, expired rows left ${checked.expired}`,
  );
  console.log(
    `(sparse run: ${fmt(sparse.events)} requests, ${SPARSE_PER_MESSAGE} per message; steady run: retention deleted ${fmt(steady.expired)} expired rows while ${fmt(steady.events)} came in; ${((performance.now() - started) / 1000).toFixed(1)} s in all)`,
  );
  if (!checked.ok) process.exitCode = 1;
}

async function main() {
  const started = performance.now();
  buildGateway(OUT, WORKER);
  bundleProducer();
  const log = new DeliveryLog();
  const gw = await startGateway({
    outDir: OUT,
    script: 'usage-worker.js',
    adminToken: 'bench-admin-token',
    log,
  });
  try {
    const shape = trafficShape();
    // Whole hours, so every run of the benchmark has the same rollup keys.
    const now = Math.floor(Date.now() / HOUR) * HOUR;
    const busyRows = usageRows(shape, BUSY, { start: now - HOURS * HOUR, end: now, seed: 2 });
    // The other runs fall in the hour before, so their rollup keys stay apart from the busy run's.
    const earlier = { start: now - (HOURS + 1) * HOUR, end: now - HOURS * HOUR };
    const sparseRows = usageRows(shape, SPARSE, { ...earlier, seed: 3 });
    const next = random(4);
    const sizes = { requestBytes: BODY_BYTES * 0.75, responseBytes: BODY_BYTES * 0.25 };
    const inferenceEvents = usageRows(shape, INFERENCE, { ...earlier, seed: 5 }).map((row) => ({
      usage: row,
      inference: inferenceRecord(row, next, sizes),
    }));
    console.log(
      `usage pipeline: ${fmt(BUSY)} + ${fmt(SPARSE)} + ${fmt(INFERENCE)} + ${fmt(STEADY)} requests, ${shape.endpoints.length} endpoints, ${shape.requesters.length} requesters, through the real outbox, queue and consumer`,
    );
    const runs = [];
    runs.push(
      await run(
        gw,
        log,
        'busy',
        busyRows.map((usage) => ({ usage })),
        null,
      ),
    );
    const db = await gw.mf.getD1Database('DB');
    const rollupRows = {
      keys: await count(db, 'SELECT COUNT(*) AS n FROM usage_rollup'),
      latency: await count(db, 'SELECT COUNT(*) AS n FROM usage_latency_rollup'),
    };
    runs.push(
      await run(
        gw,
        log,
        'sparse',
        sparseRows.map((usage) => ({ usage })),
        SPARSE_PER_MESSAGE,
      ),
    );
    runs.push(await run(gw, log, 'inference', inferenceEvents, null));
    const expired = usageRows(shape, STEADY, { start: now - 9 * DAY, end: now - 8 * DAY, seed: 6 });
    await expiredRows(gw, expired);
    const steadyRows = usageRows(shape, STEADY, { ...earlier, seed: 7 });
    runs.push({
      ...(await run(
        gw,
        log,
        'steady',
        steadyRows.map((usage) => ({ usage })),
        null,
      )),
      expired: expired.length,
    });
    const rows = BUSY + SPARSE + INFERENCE + STEADY;
    const checked = await check(gw, { rows, inference: INFERENCE });
    const tables = await tableBytes(gw);
    report(runs, checked, tables, rollupRows, started);
  } finally {
    await gw.mf.dispose();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
