#!/usr/bin/env node
// npm run bench:ab -- <git ref> [target …]: the working tree (B) against a commit (A), each
// bundled and served in its own workerd, both pinned to one core and driven at the same time in
// half-second rounds on the same target, each charged its process's CPU time per request; the
// median of the rounds' B/A is reported with its quartiles. npm run bench compares the gateway with
// a bare worker; this says what one change bought. Run at the same time, both builds see the same
// core speed, which on this host changes from second to second: taking turns instead, the same
// build against itself read 0.92–1.04; at once, medians within ±1 % and quartiles ±5 %. Profiles
// say where the time goes, not what removing it saves: in workerd a native call's share of the
// samples overstates what it costs the process.
//
// Targets: json, stream50, stream500, hidden500 (no include_usage), translated50 (Anthropic SDK →
// OpenAI endpoint), bedrock50 (Gemini SDK → Bedrock endpoint), and its halves geminiOpenai50 and
// openaiBedrock50; default json stream50 translated50.
// AB_ROUNDS (20): rounds per target, the first two of them warm-up.
//
// AB_MODE=isolate: each round is instead one request to bench/isolate-entry.ts's loop, which runs
// AB_LOOP (100) gateway requests back to back inside the isolate against upstream answers held in
// memory: the gateway's own work alone, with no sockets, HTTP parsing or client, so the same change
// is a larger share of it. The same build against itself: medians within ±3 %, quartiles ±4 % on a
// quiet machine (±20 % on a noisy one).
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildGateway, startGateway } from '../scripts/local-gateway.mjs';
import { controlCall } from './control-api.mjs';
import { benchEndpoints } from './endpoints.mjs';
import { chunksMarker, startFakeProvider } from './fake-provider.mjs';
import { loopFor } from './load-loops.mjs';
import { processCpuNs, workerdPids } from './process-memory.mjs';

const ADMIN = 'bench-ab-admin-token';
const OUT = path.resolve('bench/.dist-ab');
const ROUNDS = Number(process.env.AB_ROUNDS ?? 20);
const ISOLATE = process.env.AB_MODE === 'isolate';
const LOOP = Number(process.env.AB_LOOP ?? 100);
const ENTRY = 'bench/isolate-entry.ts';
const WINDOW_MS = 500;
const CONCURRENCY = 8;
const ENDPOINTS = ['bench-openai', 'bench-bedrock'];

const [ref, ...asked] = process.argv.slice(2);
if (!ref) {
  console.error(
    'usage: npm run bench:ab -- <git ref> [json|stream50|stream500|hidden500|translated50|bedrock50|geminiOpenai50|openaiBedrock50 …]',
  );
  process.exit(2);
}

const json = { 'content-type': 'application/json' };
const openai = (stream, chunks, usage = stream) =>
  JSON.stringify({
    model: 'bench-openai',
    stream,
    ...(usage ? { stream_options: { include_usage: true } } : {}),
    messages: [{ role: 'user', content: `Say hello. ${chunksMarker(chunks)}` }],
  });
/** Each target as [path, headers, body] against a gateway. */
const TARGETS = {
  json: ['/ai-gateway/mlflow/v1/chat/completions', {}, openai(false, 1)],
  stream50: ['/ai-gateway/mlflow/v1/chat/completions', {}, openai(true, 50)],
  stream500: ['/ai-gateway/mlflow/v1/chat/completions', {}, openai(true, 500)],
  // No stream_options.include_usage, as the OpenAI SDK sends by default: the gateway asks for
  // usage itself and takes that chunk out of what the caller gets.
  hidden500: ['/ai-gateway/mlflow/v1/chat/completions', {}, openai(true, 500, false)],
  translated50: [
    '/ai-gateway/anthropic/v1/messages',
    { 'anthropic-version': '2023-06-01' },
    JSON.stringify({
      model: 'bench-openai',
      stream: true,
      max_tokens: 256,
      messages: [{ role: 'user', content: `Say hello. ${chunksMarker(50)}` }],
    }),
  ],
  geminiOpenai50: [
    '/ai-gateway/gemini/v1beta/models/bench-openai:streamGenerateContent?alt=sse',
    {},
    JSON.stringify({
      contents: [{ role: 'user', parts: [{ text: `Say hello. ${chunksMarker(50)}` }] }],
    }),
  ],
  openaiBedrock50: [
    '/ai-gateway/mlflow/v1/chat/completions',
    {},
    JSON.stringify({
      model: 'bench-bedrock',
      stream: true,
      stream_options: { include_usage: true },
      messages: [{ role: 'user', content: `Say hello. ${chunksMarker(50)}` }],
    }),
  ],
  bedrock50: [
    '/ai-gateway/gemini/v1beta/models/bench-bedrock:streamGenerateContent?alt=sse',
    {},
    JSON.stringify({
      contents: [{ role: 'user', parts: [{ text: `Say hello. ${chunksMarker(50)}` }] }],
    }),
  ],
};
const targets = asked.length ? asked : ['json', 'stream50', 'translated50'];
for (const t of targets) if (!TARGETS[t]) throw new Error(`unknown target ${t}`);

// This machine's cores do not run at the same speed, and which is slower changes by the minute
// (two vCPUs of a shared host: the same loop took 1.5× as long on one as on the other): both
// builds' workerd run on one core and this process on the other, so a B/A is not a placement.
const WORKER_CORE = os.cpus().length - 1;
function pinToCore(pid, core) {
  const r = spawnSync('taskset', ['-a', '-p', '-c', String(core), String(pid)], {
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`taskset ${pid}: ${r.stderr || r.error}`);
}
if (os.cpus().length > 1) pinToCore(process.pid, 0);

const build = (outDir) => (ISOLATE ? buildGateway(outDir, ENTRY) : buildGateway(outDir));

/** The commit's tree bundled into `outDir`, from a temporary worktree. */
function buildRef(outDir) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'gateway-ab-'));
  const git = (...args) => {
    const r = spawnSync('git', args, { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`git ${args.join(' ')}: ${r.stderr}`);
  };
  git('worktree', 'add', '--detach', dir, ref);
  try {
    symlinkSync(path.resolve('node_modules'), path.join(dir, 'node_modules'));
    mkdirSync(path.join(dir, 'public'), { recursive: true }); // wrangler.toml's [assets] directory
    if (ISOLATE) copyFileSync(ENTRY, path.join(dir, ENTRY)); // the commit may predate it
    const cwd = process.cwd();
    process.chdir(dir);
    try {
      return build(outDir);
    } finally {
      process.chdir(cwd);
    }
  } finally {
    git('worktree', 'remove', '--force', dir);
  }
}

/** A gateway serving `outDir`, its workerd process and the bench endpoints. */
async function serve(outDir, upstream) {
  const known = workerdPids();
  const gateway = await startGateway({
    outDir,
    ...(ISOLATE ? { script: 'isolate-entry.js' } : {}),
    adminToken: ADMIN,
    staticAssets: false,
    queueConsumers: false,
  });
  const pid = [...workerdPids()].find((p) => !known.has(p));
  pinToCore(pid, WORKER_CORE);
  const models = benchEndpoints(upstream);
  for (const name of ENDPOINTS)
    await controlCall('POST', `${gateway.url}/api/2.0/serving-endpoints`, ADMIN, {
      name,
      config: { served_entities: [{ name: 'main', external_model: models[name].model }] },
    });
  return { ...gateway, pid };
}

/** AB_LOOP requests run back to back inside the isolate: how many, for how much CPU. */
async function isolateLoop(gateway, [route, headers, body], upstream) {
  const cpu = processCpuNs(gateway.pid);
  const res = await fetch(`${gateway.url}/__bench-loop`, {
    method: 'POST',
    body: JSON.stringify({
      upstream,
      path: route,
      headers: { ...json, ...headers, authorization: `Bearer ${ADMIN}` },
      body,
      n: LOOP,
    }),
  });
  const text = await res.text();
  if (res.status !== 200) throw new Error(`${route} → ${res.status} ${text.slice(0, 300)}`);
  return { count: LOOP, cpuNs: processCpuNs(gateway.pid) - cpu };
}

/** CONCURRENCY loops of requests for WINDOW_MS: how many, for how much CPU. */
async function window(gateway, [route, headers, body]) {
  const cpu = processCpuNs(gateway.pid);
  const count = await loopFor(WINDOW_MS, CONCURRENCY, async () => {
    const res = await fetch(`${gateway.url}${route}`, {
      method: 'POST',
      headers: { ...json, ...headers, authorization: `Bearer ${ADMIN}` },
      body,
    });
    const text = await res.text();
    if (res.status !== 200) throw new Error(`${route} → ${res.status} ${text.slice(0, 300)}`);
  });
  return { count, cpuNs: processCpuNs(gateway.pid) - cpu };
}

const builds = [
  { name: `A ${ref}`, size: buildRef(`${OUT}/a`), outDir: `${OUT}/a` },
  { name: 'B working tree', size: build(`${OUT}/b`), outDir: `${OUT}/b` },
];
const provider = await startFakeProvider();
const gateways = [];
try {
  for (const b of builds) gateways.push(await serve(b.outDir, provider.url));
  builds.forEach((b) => console.log(`${b.name}: ${b.size}`));
  for (const name of targets) {
    const totals = gateways.map(() => ({ count: 0, cpuNs: 0 }));
    const ratios = [];
    for (let round = 0; round < ROUNDS; round++) {
      // Both builds at once on their one core, so each round charges both the same core speed.
      const w = await Promise.all(
        gateways.map((g) =>
          ISOLATE ? isolateLoop(g, TARGETS[name], provider.url) : window(g, TARGETS[name]),
        ),
      );
      if (round < 2) continue;
      w.forEach((one, i) => {
        totals[i].count += one.count;
        totals[i].cpuNs += one.cpuNs;
      });
      ratios.push(w[1].cpuNs / w[1].count / (w[0].cpuNs / w[0].count));
    }
    const sorted = ratios.sort((a, b) => a - b);
    const q = (f) => sorted[Math.floor(f * (sorted.length - 1))].toFixed(3);
    const us = totals.map((t) => (t.cpuNs / 1000 / t.count).toFixed(ISOLATE ? 1 : 0));
    console.log(
      `${name.padEnd(13)} ${ISOLATE ? 'in the isolate' : 'over the network'}: A ${us[0]} µs/req · B ${us[1]} µs/req · B/A CPU median ${q(0.5)} (quartiles ${q(0.25)}–${q(0.75)})`,
    );
  }
} finally {
  for (const g of gateways) await g.mf.dispose();
  await provider.close?.();
  rmSync(OUT, { recursive: true, force: true });
}
