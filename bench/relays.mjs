#!/usr/bin/env node
// npm run bench:relays: what relaying a stream through JavaScript costs in workerd, apart from the
// gateway. A bare worker fetches a 50-chunk OpenAI stream from the fake provider and hands it to
// the client in one of several ways; each is compared with returning fetch's body untouched.
// Two workerd processes, one per variant, run on one core at the same time and swap variants every
// round, so both see the same core speed and neither process's own speed counts; the table gives
// each variant's median per-round CPU per request over the baseline's, with quartiles.
//
// RELAY_ROUNDS (60): rounds per variant (about 25 s each). RELAY_CHUNKS (50): chunks in the stream.
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import { convertV4MiniflareOptions, Miniflare } from 'miniflare';
import { chunksMarker, startFakeProvider } from './fake-provider.mjs';
import { loopFor } from './load-loops.mjs';
import { processCpuNs, workerdPids } from './process-memory.mjs';

const ROUNDS = Number(process.env.RELAY_ROUNDS ?? 60);
const CHUNKS = Number(process.env.RELAY_CHUNKS ?? 50);
const ROUND_MS = 400;
const LOOPS_PER_PROCESS = 4;

/** Each relay as the body of a worker function `(body) => ReadableStream`, by name. */
const RELAYS = {
  'fetch body returned as it is': 'return body;',
  "read BYOB into pooled buffers, write into an IdentityTransformStream (the gateway's)": `
    const { readable, writable } = new IdentityTransformStream();
    const writer = writable.getWriter();
    const reader = body.getReader({ mode: 'byob' });
    (async () => {
      for (;;) {
        const { done, value } = await reader.read(new Uint8Array(POOL.pop() ?? new ArrayBuffer(65536)));
        if (done) { if (value) POOL.push(value.buffer); break; }
        await writer.write(value);
        POOL.push(value.buffer);
      }
      await writer.close();
    })();
    return readable;`,
  'default reader, write into an IdentityTransformStream': `
    const { readable, writable } = new IdentityTransformStream();
    const writer = writable.getWriter();
    const reader = body.getReader();
    (async () => {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        await writer.write(value);
      }
      await writer.close();
    })();
    return readable;`,
  'pipeTo an IdentityTransformStream (no JavaScript per chunk)': `
    const { readable, writable } = new IdentityTransformStream();
    body.pipeTo(writable);
    return readable;`,
  'tee: one branch returned, the other read by a default reader': `
    const [out, side] = body.tee();
    (async () => { const reader = side.getReader(); while (!(await reader.read()).done); })();
    return out;`,
  'tee: one branch returned, the other read BYOB': `
    const [out, side] = body.tee();
    (async () => {
      const reader = side.getReader({ mode: 'byob' });
      for (;;) {
        const { done, value } = await reader.read(new Uint8Array(POOL.pop() ?? new ArrayBuffer(65536)));
        if (value) POOL.push(value.buffer);
        if (done) break;
      }
    })();
    return out;`,
  'tee: one branch piped into an IdentityTransformStream, the other read by a default reader': `
    const [out, side] = body.tee();
    const { readable, writable } = new IdentityTransformStream();
    out.pipeTo(writable, { preventClose: true, preventAbort: true }).finally(() => writable.close());
    (async () => { const reader = side.getReader(); while (!(await reader.read()).done); })();
    return readable;`,
};
const names = Object.keys(RELAYS);

const script = (upstream) => `
const POOL = [];
const RELAYS = [${names.map((name) => `(body) => {${RELAYS[name]}}`).join(',\n')}];
export default {
  async fetch(req) {
    const relay = RELAYS[Number(new URL(req.url).pathname.slice(1))];
    const res = await fetch('${upstream}/v1/chat/completions', { method: 'POST', headers: req.headers, body: req.body });
    return new Response(relay(res.body), { headers: res.headers });
  },
};`;

const core = os.cpus().length - 1;
const pin = (pid, cpu) => spawnSync('taskset', ['-a', '-p', '-c', String(cpu), String(pid)]);

async function startWorker(name, upstream) {
  const known = workerdPids();
  const mf = new Miniflare(
    convertV4MiniflareOptions({
      name,
      modules: true,
      compatibilityDate: '2025-09-01',
      compatibilityFlags: ['nodejs_compat', 'enable_request_signal'],
      script: script(upstream),
      host: '127.0.0.1',
      port: 0,
    }),
  );
  const url = (await mf.ready).origin;
  const pid = [...workerdPids()].find((p) => !known.has(p));
  pin(pid, core);
  return { mf, url, pid };
}

const body = JSON.stringify({
  model: 'relay',
  stream: true,
  stream_options: { include_usage: true },
  messages: [{ role: 'user', content: `Say hello. ${chunksMarker(CHUNKS)}` }],
});

/** Requests to `variant` for `ms` from LOOPS_PER_PROCESS loops: CPU ns of `worker` per request. */
async function round(worker, variant, ms) {
  const cpu = processCpuNs(worker.pid);
  const count = await loopFor(ms, LOOPS_PER_PROCESS, async () => {
    const res = await fetch(`${worker.url}/${variant}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });
    await res.arrayBuffer();
  });
  return (processCpuNs(worker.pid) - cpu) / count;
}

const quantile = (values, f) =>
  [...values].sort((a, b) => a - b)[Math.floor(f * (values.length - 1))];

const provider = await startFakeProvider();
const workers = [
  await startWorker('relay-a', provider.url),
  await startWorker('relay-b', provider.url),
];
if (os.cpus().length > 1) pin(process.pid, 0);
try {
  console.log(
    `| relay (${CHUNKS} chunks) | CPU per request vs returning fetch's body | quartiles |`,
  );
  console.log('| --- | --- | --- |');
  for (let variant = 0; variant < names.length; variant++) {
    const ratios = [];
    for (let i = 0; i < ROUNDS + 2; i++) {
      // Swapped every round: each process runs the baseline as often as the variant.
      const [base, other] = i % 2 ? [workers[1], workers[0]] : workers;
      const [baseNs, variantNs] = await Promise.all([
        round(base, 0, ROUND_MS),
        round(other, variant, ROUND_MS),
      ]);
      if (i >= 2) ratios.push(variantNs / baseNs);
    }
    const q = (f) => quantile(ratios, f).toFixed(2);
    console.log(`| ${names[variant]} | ${q(0.5)} | ${q(0.25)}–${q(0.75)} |`);
  }
} finally {
  for (const w of workers) await w.mf.dispose();
  await provider.close?.();
}
