#!/usr/bin/env node
// npm run bench: the gateway's own cost, as ratios against a bare passthrough worker measured
// side by side in the same run. Both workers run in Miniflare and are driven through its own
// socket (wrangler dev's proxy would add ~15 ms and hide what we measure); a fake provider runs
// on loopback in this process.
import { convertV4MiniflareOptions, Miniflare } from 'miniflare';
import { buildGateway, startGateway as startLocalGateway } from '../scripts/local-gateway.mjs';
import { startFakeProvider } from './fake-provider.mjs';
import { CASES } from './cases.mjs';
import { benchEndpoints } from './endpoints.mjs';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 200);
const WARMUP = 30;
const ADMIN = 'bench-admin-token';
const OUT = 'bench/.dist';

const build = () => buildGateway(OUT);
const startGateway = () =>
  startLocalGateway({
    outDir: OUT,
    adminToken: ADMIN,
    bindings: process.env.BENCH_WINDOW_MS
      ? { USAGE_BATCH_WINDOW_MS: process.env.BENCH_WINDOW_MS }
      : {},
  });

/** The baseline: a worker that forwards every request to the provider and does nothing else. */
async function startBareWorker(upstream) {
  // The same Miniflare (and workerd) as the gateway's, scripts/local-gateway.mjs.
  const mf = new Miniflare(
    convertV4MiniflareOptions({
      name: 'bare',
      modules: true,
      compatibilityDate: '2025-09-01',
      script: `export default { fetch(req) { const u = new URL(req.url); return fetch('${upstream}' + u.pathname.replace(/^\\/bare/, '') + u.search, { method: req.method, headers: req.headers, body: req.body }); } };`,
      host: '127.0.0.1',
      port: 0,
    }),
  );
  return { mf, url: (await mf.ready).origin };
}

async function json(method, url, token, body) {
  const res = await fetch(url, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: body && JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${url} → ${res.status} ${text}`);
  return JSON.parse(text);
}

async function setUp(gateway, upstream) {
  const available = [];
  for (const [name, { model, aiGateway }] of Object.entries(benchEndpoints(upstream))) {
    try {
      await json('POST', `${gateway}/api/2.0/serving-endpoints`, ADMIN, {
        name,
        config: { served_entities: [{ name: 'main', external_model: model }] },
        ...(aiGateway ? { ai_gateway: aiGateway } : {}),
      });
      available.push(name);
    } catch (err) {
      console.log(`(skipping ${name}: ${String(err.message).slice(0, 160)})`);
    }
  }
  const { token_value } = await json('POST', `${gateway}/api/2.0/token/create`, ADMIN, {
    principal: 'bench',
  });
  for (const name of available) {
    await json('PATCH', `${gateway}/api/2.0/permissions/serving-endpoints/${name}`, ADMIN, {
      access_control_list: [{ user_name: 'bench', permission_level: 'CAN_QUERY' }],
    });
  }
  return { token: token_value, endpoints: available };
}

/** Time one request to its last byte, in milliseconds. */
async function timeOne(target) {
  const start = performance.now();
  const res = await fetch(target.url, {
    method: 'POST',
    headers: target.headers,
    body: target.body,
  });
  const reader = res.body.getReader();
  let bytes = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    bytes += value.length;
  }
  if (res.status !== 200) throw new Error(`${target.label}: ${res.status}`);
  return { ms: performance.now() - start, bytes };
}

const quantile = (sorted, q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];

async function measure(targets) {
  const samples = new Map(targets.map((t) => [t.label, []]));
  for (let i = 0; i < WARMUP; i++) for (const t of targets) await timeOne(t);
  // Interleaved, so drift on the machine hits every target alike.
  for (let i = 0; i < ROUNDS; i++)
    for (const t of targets) samples.get(t.label).push((await timeOne(t)).ms);
  return new Map(
    [...samples].map(([label, s]) => {
      const sorted = [...s].sort((a, b) => a - b);
      return [label, { p50: quantile(sorted, 0.5), p95: quantile(sorted, 0.95) }];
    }),
  );
}

async function main() {
  const bundle = build();
  const started = performance.now();
  const provider = await startFakeProvider();
  const gateway = await startGateway();
  const bare = await startBareWorker(provider.url);
  try {
    const { token, endpoints } = await setUp(gateway.url, provider.url);
    console.log(
      `bundle ${bundle ?? '?'}; ${ROUNDS} interleaved rounds after ${WARMUP} warm-up; fake provider on loopback\n`,
    );
    for (const group of CASES) {
      const targets = [];
      for (const t of group
        .targets({ gateway: gateway.url, bare: bare.url, provider: provider.url, token, endpoints })
        .filter(Boolean)) {
        // A route or provider this build does not have yet is left out, not counted as a failure.
        const probe = await fetch(t.url, { method: 'POST', headers: t.headers, body: t.body });
        await probe.arrayBuffer();
        if (probe.status === 200) targets.push(t);
        else console.log(`(skipping ${t.label}: ${probe.status})`);
      }
      if (targets.length < 2) continue;
      const results = await measure(targets);
      const base = results.get(targets[0].label);
      // A group may also compare each row with one of its gateway rows (e.g. providers vs the OpenAI passthrough).
      const reference = group.reference && results.get(group.reference);
      console.log(group.title);
      for (const t of targets) {
        const r = results.get(t.label);
        const perChunk = group.chunks
          ? `  +${(((r.p50 - base.p50) / group.chunks) * 1000).toFixed(1)} µs/chunk`
          : '';
        const vsReference = reference
          ? `  vs passthrough ${(r.p50 / reference.p50).toFixed(2)}×`
          : '';
        console.log(
          `  ${t.label.padEnd(48)} p50 ${r.p50.toFixed(2).padStart(7)} ms  p95 ${r.p95.toFixed(2).padStart(7)} ms  ratio ${(r.p50 / base.p50).toFixed(2)}×${vsReference}${perChunk}`,
        );
      }
      console.log('');
    }
    console.log(`(${((performance.now() - started) / 1000).toFixed(1)} s)`);
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
