#!/usr/bin/env node
// npm run bench: the gateway's own cost, as ratios against a bare passthrough worker measured
// side by side in the same run. Both workers run in Miniflare and are driven through its own
// socket (wrangler dev's proxy would add ~15 ms and hide what we measure); a fake provider runs
// on loopback in this process. Sequential rounds first (latency), then a concurrent mode
// (requests/s and latency at a fixed concurrency), then streams of 50 and 500 chunks (first byte,
// first → last byte, requests/s). The tables are printed and written to bench/results.md.
//
// BENCH_ROUNDS (200): sequential rounds per target. BENCH_CONCURRENCY (8): requests in flight in
// the concurrent mode. BENCH_SECONDS (6): its duration per target and table; 0 skips it.
// BENCH_STREAM_MB (100): the long stream relayed last, for the worker process's peak memory; 0 skips it.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import { convertV4MiniflareOptions, Miniflare } from 'miniflare';
import { buildGateway, startGateway as startLocalGateway } from '../scripts/local-gateway.mjs';
import { startFakeProvider } from './fake-provider.mjs';
import { loopFor } from './load-loops.mjs';
import { CASES, CONCURRENT, longStream, STREAM_ROWS } from './cases.mjs';
import { controlCall } from './control-api.mjs';
import { benchEndpoints } from './endpoints.mjs';
import {
  peakResidentBytes,
  processCpuNs,
  residentBytes,
  resetPeak,
  workerdPids,
} from './process-memory.mjs';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 200);
const WARMUP = 30;
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 6);
const STREAM_MB = Number(process.env.BENCH_STREAM_MB ?? 100);
// The concurrent duration is cut into half-second slices run round-robin over the targets, so
// drift on a shared machine hits every target alike (as the interleaved sequential rounds do): the
// same worker's CPU per request moves ±15% between windows of a few seconds here.
const SLICES = Math.max(1, Math.round(SECONDS * 2));
const RESULTS = 'bench/results.md';
const ADMIN = 'bench-admin-token';
const OUT = 'bench/.dist';

const build = () => buildGateway(OUT);
const startGateway = () =>
  startLocalGateway({
    outDir: OUT,
    adminToken: ADMIN,
    staticAssets: false,
    queueConsumers: false,
    bindings: process.env.BENCH_WINDOW_MS
      ? { USAGE_BATCH_WINDOW_MS: process.env.BENCH_WINDOW_MS }
      : {},
  });

/**
 * The baseline: a worker that forwards every request to the provider and does nothing else. Under
 * /relay it hands the body on through a JS stream (read → enqueue) instead of returning fetch's
 * response: the floor for any worker that touches what it relays. Under /translate it also parses
 * each event (or the JSON body) and writes it out re-serialised as an Anthropic text delta: the
 * floor for any worker that translates, with none of the gateway's work around it.
 */
const BARE_WORKER = (upstream) => `
const encoder = new TextEncoder();
function translated(body) {
  const { readable, writable } = new IdentityTransformStream();
  const writer = writable.getWriter();
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let rest = '';
  (async () => {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      const frames = (rest + decoder.decode(value, { stream: true })).split('\\n\\n');
      rest = frames.pop();
      let out = '';
      for (const frame of frames) {
        const data = frame.slice(6);
        if (data === '[DONE]') continue;
        const text = JSON.parse(data).choices[0]?.delta?.content ?? '';
        out += 'event: content_block_delta\\ndata: ' + JSON.stringify({ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text } }) + '\\n\\n';
      }
      await writer.write(encoder.encode(out));
    }
    await writer.close();
  })();
  return readable;
}
export default {
  async fetch(req) {
    const u = new URL(req.url);
    const res = await fetch('${upstream}' + u.pathname.replace(/^\\/(bare|relay|translate)/, '') + u.search, { method: req.method, headers: req.headers, body: req.body });
    if (u.pathname.startsWith('/translate')) {
      if (!res.headers.get('content-type')?.startsWith('text/event-stream'))
        return Response.json(JSON.parse(await res.text()), { status: res.status });
      return new Response(translated(res.body), { status: res.status, headers: res.headers });
    }
    if (!u.pathname.startsWith('/relay')) return res;
    const reader = res.body.getReader();
    const body = new ReadableStream({ async pull(c) { const { done, value } = await reader.read(); done ? c.close() : c.enqueue(value); } }, { highWaterMark: 0 });
    return new Response(body, { status: res.status, headers: res.headers });
  },
};`;

async function startBareWorker(upstream) {
  // The same Miniflare (and workerd) as the gateway's, scripts/local-gateway.mjs.
  const mf = new Miniflare(
    convertV4MiniflareOptions({
      name: 'bare',
      modules: true,
      compatibilityDate: '2025-09-01',
      script: BARE_WORKER(upstream),
      host: '127.0.0.1',
      port: 0,
    }),
  );
  return { mf, url: (await mf.ready).origin };
}

async function setUp(gateway, upstream) {
  const available = [];
  for (const [name, { model, aiGateway }] of Object.entries(benchEndpoints(upstream))) {
    try {
      await controlCall('POST', `${gateway}/api/2.0/serving-endpoints`, ADMIN, {
        name,
        config: { served_entities: [{ name: 'main', external_model: model }] },
        ...(aiGateway ? { ai_gateway: aiGateway } : {}),
      });
      available.push(name);
    } catch (err) {
      console.log(`(skipping ${name}: ${String(err.message).slice(0, 160)})`);
    }
  }
  const { token_value } = await controlCall('POST', `${gateway}/api/2.0/token/create`, ADMIN, {
    principal: 'bench',
  });
  for (const name of available) {
    await controlCall('PATCH', `${gateway}/api/2.0/permissions/serving-endpoints/${name}`, ADMIN, {
      access_control_list: [{ user_name: 'bench', permission_level: 'CAN_QUERY' }],
    });
  }
  return { token: token_value, endpoints: available };
}

/** Time one request to its first and its last body byte, in milliseconds. */
async function timeOne(target) {
  const start = performance.now();
  const res = await fetch(target.url, {
    method: 'POST',
    headers: target.headers,
    body: target.body,
  });
  const reader = res.body.getReader();
  let bytes = 0;
  let first;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (first === undefined && value.length > 0) first = performance.now();
    bytes += value.length;
  }
  if (res.status !== 200) throw new Error(`${target.label}: ${res.status}`);
  const end = performance.now();
  first ??= end;
  return { ms: end - start, ttfb: first - start, spread: end - first, bytes };
}

const quantile = (sorted, q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];

const p50 = (values) =>
  quantile(
    [...values].sort((a, b) => a - b),
    0.5,
  );

async function measure(targets) {
  const samples = new Map(targets.map((t) => [t.label, []]));
  for (let i = 0; i < WARMUP; i++) for (const t of targets) await timeOne(t);
  // Interleaved, so drift on the machine hits every target alike.
  for (let i = 0; i < ROUNDS; i++)
    for (const t of targets) samples.get(t.label).push(await timeOne(t));
  return new Map(
    [...samples].map(([label, s]) => {
      const sorted = s.map((x) => x.ms).sort((a, b) => a - b);
      return [
        label,
        {
          p50: quantile(sorted, 0.5),
          p95: quantile(sorted, 0.95),
          ttfb: p50(s.map((x) => x.ttfb)),
          spread: p50(s.map((x) => x.spread)),
        },
      ];
    }),
  );
}

/** CONCURRENCY loops of back-to-back requests to one target for `ms`; each latency and the time taken. */
async function burst(target, ms) {
  const latencies = [];
  const start = performance.now();
  await loopFor(ms, CONCURRENCY, async () => latencies.push((await timeOne(target)).ms));
  return { latencies, elapsed: performance.now() - start };
}

/**
 * Requests/s and latency per target at CONCURRENCY, over SECONDS per target in round-robin slices,
 * and the CPU time its worker's process spent per request (`pidOf(target)`).
 */
async function measureConcurrent(targets, pidOf) {
  for (const t of targets) await burst(t, 300);
  const runs = new Map(targets.map((t) => [t.label, { latencies: [], elapsed: 0, cpuNs: 0 }]));
  for (let slice = 0; slice < SLICES; slice++) {
    // Each slice starts with a different target, so none always runs right after a warm one.
    const order = targets.map((_, i) => targets[(i + slice) % targets.length]);
    for (const t of order) {
      const cpuBefore = processCpuNs(pidOf(t));
      const { latencies, elapsed } = await burst(t, (SECONDS * 1000) / SLICES);
      const run = runs.get(t.label);
      run.cpuNs += processCpuNs(pidOf(t)) - cpuBefore;
      run.latencies.push(...latencies);
      run.elapsed += elapsed;
    }
  }
  return new Map(
    [...runs].map(([label, { latencies, elapsed, cpuNs }]) => {
      const sorted = latencies.sort((a, b) => a - b);
      return [
        label,
        {
          rps: (latencies.length / elapsed) * 1000,
          p50: quantile(sorted, 0.5),
          p95: quantile(sorted, 0.95),
          count: latencies.length,
          cpuUs: cpuNs / 1000 / latencies.length,
        },
      ];
    }),
  );
}

/** The targets of a group that answer 200 in this build; a missing route or provider is left out. */
async function available(group, env) {
  const targets = [];
  for (const t of group.targets(env).filter(Boolean)) {
    const probe = await fetch(t.url, { method: 'POST', headers: t.headers, body: t.body });
    const text = await probe.text();
    if (probe.status !== 200) {
      console.log(`(skipping ${t.label}: ${probe.status})`);
      continue;
    }
    // A stream must carry exactly the chunks asked for, through every translation.
    if (
      group.chunks &&
      !(text.includes(`tok${group.chunks - 1} `) && !text.includes(`tok${group.chunks} `))
    )
      throw new Error(`${t.label}: the stream does not carry ${group.chunks} chunks`);
    targets.push(t);
  }
  return targets;
}

/** Relays one long stream through `target`; the resident bytes of `pid` before, and its peak meanwhile. */
async function relayReadingMemory(target, pid) {
  resetPeak(pid);
  const before = residentBytes(pid);
  const { ms, bytes } = await timeOne(target);
  return { before, peak: peakResidentBytes(pid), bytes, ms };
}

const RELAYS = 3;

async function measureMemory(group, env, pids) {
  const rows = [];
  for (const t of group.targets(env)) {
    const pid = t.url.startsWith(env.bare) ? pids.bare : pids.gateway;
    const runs = [];
    for (let i = 0; i < RELAYS; i++) runs.push(await relayReadingMemory(t, pid));
    const mib = (v) => (v / 2 ** 20).toFixed(1);
    const [first] = runs;
    const last = runs.at(-1);
    rows.push([
      t.label,
      mib(first.bytes),
      mib(first.before),
      runs.map((r) => `+${mib(Math.max(0, r.peak - r.before))}`).join(' / '),
      mib(Math.max(...runs.map((r) => r.peak))),
      (last.bytes / 2 ** 20 / (last.ms / 1000)).toFixed(0),
    ]);
  }
  return rows;
}

const MEMORY_NOTE = `The same stream relayed ${RELAYS} times in a row per target, read to the end by the client. Memory is the resident set of the workerd process that runs the worker (each Miniflare has its own): before the first relay, and how far each relay took it above where it started (Linux VmHWM, reset before each). workerd's inspector answers heap queries only between tasks, so it can't sample an isolate that is busy relaying. A JS relay leaves garbage for V8 to collect when it needs to: growth that shrinks run after run is that, growth that repeats would be memory held per byte relayed. Production's isolate limit is 128 MB.`;

const STREAM_NOTE =
  'First byte: request sent → first body byte; first → last: first → last body byte; last byte: the whole request; each a p50 of sequential rounds (p50s of separate distributions, so they need not add up), "added ms" over the bare worker. Then requests/s and p50 latency under concurrency, and the CPU time the worker\'s workerd process spent per request meanwhile (all its threads; the gateway runs without its queue consumer, whose D1 and R2 writes npm run bench:usage measures). The fake provider writes the whole stream at once, so the bare worker\'s first → last is the floor.';
const ms = (v) => v.toFixed(2);
const ratio = (v, base) => `${(v / base).toFixed(2)}×`;
const added = (v, base) => `${v - base >= 0 ? '+' : '−'}${Math.abs(v - base).toFixed(2)}`;

/** A markdown table, its columns padded so it reads as well in a terminal as in a renderer. */
function table(title, note, head, rows) {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells) =>
    `| ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(' | ')} |`;
  const rule = `| ${widths.map((w, i) => (i === 0 ? '-'.repeat(w) : `${'-'.repeat(w - 1)}:`)).join(' | ')} |`;
  return [
    `### ${title}`,
    '',
    ...(note ? [note, ''] : []),
    line(head),
    rule,
    ...rows.map(line),
    '',
  ].join('\n');
}

/**
 * The same fixed loop's time on each core, in ms. The cores of a shared host need not run at the
 * same speed (here one vCPU took 1.5× as long as the other for minutes at a time), and a worker
 * whose thread stays on the slow one measures slow: a run with uneven cores is not a fair one.
 */
function coreSpeeds() {
  const loop = 'let x = 0; for (let i = 0; i < 1e8; i++) x += i % 7; if (x < 0) console.log(x);';
  return os
    .cpus()
    .map((_, core) => {
      const start = performance.now();
      const r = spawnSync('taskset', ['-c', String(core), process.execPath, '-e', loop]);
      return r.status === 0 ? `${Math.round(performance.now() - start)} ms` : '?';
    })
    .join(' / ');
}

function machine() {
  const cpus = os.cpus();
  return `${cpus.length} × ${cpus[0]?.model.trim() ?? '?'}, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB, ${os.type()} ${os.release()}, Node ${process.version}; load average at start ${os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(
      ' ',
    )}; one loop's time per core at start ${coreSpeeds()} (a shared machine: figures are noisy, the ratios within one run are what compare)`;
}

async function main() {
  const bundle = build();
  const started = performance.now();
  const header = [
    `Date: ${new Date().toISOString()}`,
    `Machine: ${machine()}`,
    `Bundle: ${bundle ?? '?'} (wrangler deploy --dry-run)`,
    `Sequential: ${ROUNDS} interleaved rounds per target after ${WARMUP} warm-up. Concurrent: ${CONCURRENCY} requests in flight, ${SECONDS} s per target in ${SLICES} round-robin slices after a 0.3 s warm-up, driven by Node's built-in fetch (undici) from ${CONCURRENCY} async loops (no load tool such as autocannon is installed), in the same Node process as the fake provider, so client and provider share the ${os.cpus().length} cores with both workers.`,
    'Ratios are to the bare passthrough worker (Miniflare, the same workerd) in the same run; fake provider on loopback, answering at once. The gateway runs without Static Assets and without the usage queue consumer (README, Benchmark).',
  ];
  const provider = await startFakeProvider();
  // Each Miniflare runs its own workerd process: told apart by which appeared at each start.
  const known = workerdPids();
  const gateway = await startGateway();
  const gatewayPids = [...workerdPids()].filter((pid) => !known.has(pid));
  const bare = await startBareWorker(provider.url);
  const barePids = [...workerdPids()].filter(
    (pid) => !known.has(pid) && !gatewayPids.includes(pid),
  );
  const pids = { gateway: gatewayPids[0], bare: barePids[0] };
  const tables = [];
  const show = (t) => {
    console.log(t);
    tables.push(t);
  };
  try {
    const { token, endpoints } = await setUp(gateway.url, provider.url);
    console.log(`${header.join('\n')}\n`);
    const env = { gateway: gateway.url, bare: bare.url, provider: provider.url, token, endpoints };
    const pidOf = (target) => (target.url.startsWith(bare.url) ? pids.bare : pids.gateway);

    for (const group of CASES) {
      const targets = await available(group, env);
      if (targets.length < 2) continue;
      const results = await measure(targets);
      const base = results.get(targets[0].label);
      // A group may also compare each row with one of its gateway rows (e.g. providers vs the OpenAI passthrough).
      const reference = group.reference && results.get(group.reference);
      const head = ['Target', 'p50 ms', 'p95 ms', 'p50 vs bare'];
      if (reference) head.push('vs passthrough');
      if (group.chunks) head.push('added µs/chunk');
      const rows = targets.map((t) => {
        const r = results.get(t.label);
        const row = [t.label, ms(r.p50), ms(r.p95), ratio(r.p50, base.p50)];
        if (reference) row.push(ratio(r.p50, reference.p50));
        if (group.chunks) row.push((((r.p50 - base.p50) / group.chunks) * 1000).toFixed(1));
        return row;
      });
      show(table(`${group.title}, sequential`, '', head, rows));
    }

    if (SECONDS > 0) {
      const targets = await available(CONCURRENT, env);
      const results = await measureConcurrent(targets, pidOf);
      const base = results.get(targets[0].label);
      const rows = targets.map((t) => {
        const r = results.get(t.label);
        return [
          t.label,
          r.rps.toFixed(0),
          ratio(r.rps, base.rps),
          ms(r.p50),
          ratio(r.p50, base.p50),
          ms(r.p95),
          r.cpuUs.toFixed(0),
          ratio(r.cpuUs, base.cpuUs),
          String(r.count),
        ];
      });
      show(
        table(
          `${CONCURRENT.title} (${CONCURRENCY} in flight)`,
          '',
          [
            'Target',
            'req/s',
            'req/s vs bare',
            'p50 ms',
            'p50 vs bare',
            'p95 ms',
            'worker CPU µs/req',
            'vs bare',
            'requests',
          ],
          rows,
        ),
      );
    }

    for (const group of STREAM_ROWS) {
      const targets = await available(group, env);
      if (targets.length < 2) continue;
      const seq = await measure(targets);
      const conc = SECONDS > 0 ? await measureConcurrent(targets, pidOf) : undefined;
      const base = seq.get(targets[0].label);
      const cbase = conc?.get(targets[0].label);
      const head = [
        'Target',
        'first byte p50 ms',
        'added ms',
        'vs bare',
        'first → last p50 ms',
        'added ms',
        'last byte p50 ms',
        'vs bare',
      ];
      if (conc)
        head.push(
          `req/s @${CONCURRENCY}`,
          'vs bare',
          `p50 ms @${CONCURRENCY}`,
          'vs bare',
          'worker CPU µs/req',
          'vs bare',
        );
      const rows = targets.map((t) => {
        const r = seq.get(t.label);
        const row = [
          t.label,
          ms(r.ttfb),
          added(r.ttfb, base.ttfb),
          ratio(r.ttfb, base.ttfb),
          ms(r.spread),
          added(r.spread, base.spread),
          ms(r.p50),
          ratio(r.p50, base.p50),
        ];
        if (conc) {
          const c = conc.get(t.label);
          row.push(
            c.rps.toFixed(0),
            ratio(c.rps, cbase.rps),
            ms(c.p50),
            ratio(c.p50, cbase.p50),
            c.cpuUs.toFixed(0),
            ratio(c.cpuUs, cbase.cpuUs),
          );
        }
        return row;
      });
      show(table(group.title, STREAM_NOTE, head, rows));
    }

    if (STREAM_MB > 0) {
      const group = longStream(STREAM_MB);
      show(
        table(
          group.title,
          MEMORY_NOTE,
          [
            'Target',
            'relayed MiB',
            'resident before MiB',
            `growth per relay (${RELAYS}) MiB`,
            'peak MiB',
            'MiB/s',
          ],
          await measureMemory(group, env, pids),
        ),
      );
    }

    const took = `(${((performance.now() - started) / 1000).toFixed(1)} s)`;
    console.log(took);
    writeFileSync(
      RESULTS,
      [
        '# npm run bench: results of the last run',
        '',
        'Written by `bench/run.mjs` on every run (overwritten). Ratios are to the bare passthrough worker in the same run.',
        '',
        ...header.map((h) => `- ${h}`),
        `- Took: ${took.slice(1, -1)}; one loop's time per core at the end ${coreSpeeds()}`,
        '',
        ...tables,
      ].join('\n'),
    );
    console.log(`written to ${RESULTS}`);
  } finally {
    await gateway.mf.dispose();
    await bare.mf.dispose();
    provider.close();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
