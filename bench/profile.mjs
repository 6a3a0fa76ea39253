#!/usr/bin/env node
// CPU profiles of the gateway's hot path through workerd's V8 inspector.
// PROFILE_CASES=stream,json,translated (also: long, bedrock)  PROFILE_CHUNKS=200  PROFILE_N=2000  PROFILE_CONC=8  PROFILE_INTERVAL_US=50
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { connectInspector } from './inspector.mjs';
import { buildGateway, startGateway } from '../scripts/local-gateway.mjs';
import { controlCall } from './control-api.mjs';
import { benchEndpoints } from './endpoints.mjs';
import { chunksMarker, megabytesMarker, startFakeProvider } from './fake-provider.mjs';

const ADMIN = 'bench-admin-token';
const OUT = 'bench/.dist-prof';
const INSPECTOR = Number(process.env.PROFILE_INSPECTOR_PORT ?? 9329);
const N = Number(process.env.PROFILE_N ?? 2000);
const CONC = Number(process.env.PROFILE_CONC ?? 8);
const INTERVAL = Number(process.env.PROFILE_INTERVAL_US ?? 50);
const CASES = (process.env.PROFILE_CASES ?? 'stream,json,translated').split(',');
const CHUNKS = Number(process.env.PROFILE_CHUNKS ?? 200);
const WEIGHT = process.env.PROFILE_WEIGHT ?? 'count';

// --- load -----------------------------------------------------------------------------------
async function one(t) {
  const res = await fetch(t.url, { method: 'POST', headers: t.headers, body: t.body });
  const text = await res.text();
  if (res.status !== 200) throw new Error(`${res.status} ${text.slice(0, 300)}`);
  return text;
}
async function drive(t, n, conc) {
  let left = n;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: conc }, async () => {
      while (left-- > 0) await one(t);
    }),
  );
  return performance.now() - start;
}

// --- bundle → source areas (esbuild's `// path` section comments in the unminified bundle) ---
function sectionsOf(file) {
  const lines = readFileSync(file, 'utf8').split('\n');
  const marks = [];
  lines.forEach((l, i) => {
    const m =
      /^\/\/ ((?:src|node_modules|\.\.\/|\.wrangler|wrangler|\w[\w@.-]*\/)[^\s]*\.(?:[cm]?[jt]sx?|json))$/.exec(
        l,
      );
    if (m) marks.push([i, m[1]]);
  });
  return (line) => {
    let lo = 0;
    let hi = marks.length - 1;
    let best = '(bundle prelude)';
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (marks[mid][0] <= line) {
        best = marks[mid][1];
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return best;
  };
}

function shortFile(f) {
  return f.replace(/^.*node_modules\//, 'nm:');
}

function category(name, file, url) {
  if (name === '(garbage collector)') return 'GC';
  if (name === '(idle)') return 'idle';
  if (name === '(program)') return 'program';
  if (name === '(root)') return 'program';
  if (!url) {
    if (/^(parse|stringify)$/i.test(name) || /JSON/.test(name))
      return 'JSON parse/stringify (native)';
    if (/^(decode|encode|encodeInto)$/.test(name)) return 'TextDecoder/Encoder (native)';
    if (/digest|sign|verify|importKey|subtle|random/i.test(name)) return 'crypto (native)';
    return `native/builtin`;
  }
  if (/^cloudflare-internal:d1/.test(file)) return 'D1 client (workerd internal JS)';
  if (/^cloudflare-internal/.test(file)) return `workerd internal ${file}`;
  if (!file) return 'other url';
  if (/eventsource-parser/.test(file)) return 'SSE parsing (eventsource-parser)';
  if (/src\/gateway\/stream-pipeline/.test(file))
    return 'stream pipeline (src/gateway/stream-pipeline.ts)';
  if (/node_modules\/hono|\bhono\//.test(file) || /src\/app\.ts|src\/routes\//.test(file))
    return 'hono routing / routes';
  if (/src\/formats\/sse\.ts/.test(file)) return 'SSE framing (src/formats/sse.ts)';
  if (/src\/storage\/crypto/.test(file)) return 'crypto';
  if (
    /src\/gateway\/(auth|access|endpoints|credentials|ttl-cache)|src\/storage\/(tokens|endpoints|permissions|secrets)/.test(
      file,
    )
  )
    return 'auth/endpoint lookup';
  if (
    /src\/gateway\/(usage|usage-analytics|inference-log)|src\/events\/|src\/storage\/usage/.test(
      file,
    )
  )
    return 'usage/outbox/inference log';
  if (/zod/.test(file)) return 'zod (validation)';
  if (/src\/dialects|src\/formats|src\/providers/.test(file)) return 'dialects/formats/providers';
  if (/^src\//.test(file)) return `src other (${file.replace(/^src\//, '').split('/')[0]})`;
  return `lib ${shortFile(file).split('/').slice(0, 2).join('/')}`;
}

function analyse(profile, sectionOf, label) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const self = new Map(); // node id → µs
  const { samples, timeDeltas } = profile;
  for (let i = 0; i < samples.length; i++) {
    // WEIGHT=count (default): each sample counts 1 (workerd's sampler fires irregularly on a loaded
    // machine, so a long gap would be charged to whatever ran before it); WEIGHT=time: µs to the next sample.
    const dt = WEIGHT === 'time' ? (timeDeltas[i + 1] ?? 0) : 1;
    self.set(samples[i], (self.get(samples[i]) ?? 0) + dt);
  }
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  const info = (n) => {
    const cf = n.callFrame;
    const file = cf.url === 'index.js' ? sectionOf(cf.lineNumber) : cf.url;
    return {
      name: cf.functionName || '(anonymous)',
      where: cf.url
        ? `${shortFile(file)} @${cf.url.split('/').pop()}:${cf.lineNumber + 1}`
        : '(native)',
      file,
      cat: category(cf.functionName, file, cf.url),
    };
  };
  const fn = new Map();
  const cats = new Map();
  const incl = new Map(); // category → inclusive µs (any frame in the stack)
  const inclFile = new Map();
  let idle = 0;
  for (const [id, us] of self) {
    const n = byId.get(id);
    const inf = info(n);
    if (inf.cat === 'idle') idle += us;
    const key = `${inf.name}  ${inf.where}`;
    fn.set(key, { ...inf, us: (fn.get(key)?.us ?? 0) + us });
    cats.set(inf.cat, (cats.get(inf.cat) ?? 0) + us);
    const seenC = new Set();
    const seenF = new Set();
    for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
      const cn = byId.get(cur);
      if (cn.callFrame.functionName === '(root)') continue;
      const ci = info(cn);
      seenC.add(ci.cat);
      if (ci.file) seenF.add(ci.file);
    }
    for (const c of seenC) incl.set(c, (incl.get(c) ?? 0) + us);
    for (const f of seenF) inclFile.set(f, (inclFile.get(f) ?? 0) + us);
  }
  const busy = total - idle;
  const fmt = (v) =>
    WEIGHT === 'time' ? `${(v / 1000).toFixed(0).padStart(6)} ms` : `${String(v).padStart(6)} smp`;
  const pct = (us) => `${((100 * us) / total).toFixed(1)}%`;
  const pctb = (us) => `${((100 * us) / busy).toFixed(1)}%`;
  const out = [];
  out.push(`\n## ${label}`);
  out.push(
    `samples ${samples.length} (weight: ${WEIGHT}), profile span ${((profile.endTime - profile.startTime) / 1e6).toFixed(2)} s, median sample gap ${[...timeDeltas].sort((a, b) => a - b)[timeDeltas.length >> 1]} µs, idle ${pct(idle)} (percentages: of non-idle; of all in [])`,
  );
  out.push('\n### top 25 functions by self time');
  for (const f of [...fn.values()].sort((a, b) => b.us - a.us).slice(0, 25))
    out.push(
      `${pctb(f.us).padStart(6)} [${pct(f.us).padStart(6)}] ${fmt(f.us)}  ${f.name}  ${f.where}  {${f.cat}}`,
    );
  out.push('\n### self time per category');
  for (const [c, us] of [...cats].sort((a, b) => b[1] - a[1]))
    out.push(`${pctb(us).padStart(6)} [${pct(us).padStart(6)}] ${fmt(us)}  ${c}`);
  out.push('\n### inclusive time per category (sample has any frame of it on the stack)');
  for (const [c, us] of [...incl].sort((a, b) => b[1] - a[1]).slice(0, 25))
    out.push(`${pctb(us).padStart(6)} ${fmt(us)}  ${c}`);
  out.push('\n### self time per bundle source file (top 25)');
  const selfFile = new Map();
  for (const f of fn.values()) {
    const k = f.file || `(${f.cat})`;
    selfFile.set(k, (selfFile.get(k) ?? 0) + f.us);
  }
  for (const [c, us] of [...selfFile].sort((a, b) => b[1] - a[1]).slice(0, 25))
    out.push(`${pctb(us).padStart(6)} ${fmt(us)}  ${c}`);
  out.push('\n### inclusive time per bundle source file (top 30)');
  for (const [c, us] of [...inclFile].sort((a, b) => b[1] - a[1]).slice(0, 30))
    out.push(`${pctb(us).padStart(6)} ${fmt(us)}  ${c}`);
  return out.join('\n');
}

async function main() {
  const bundle = buildGateway(OUT, undefined, { minify: false });
  console.log('bundle', bundle);
  const sectionOf = sectionsOf(`${OUT}/index.js`);
  const provider = await startFakeProvider();
  const { mf, url: gateway } = await startGateway({
    outDir: OUT,
    adminToken: ADMIN,
    staticAssets: false,
    queueConsumers: false,
    inspectorPort: INSPECTOR,
  });
  mkdirSync('bench/.profiles', { recursive: true });
  const report = [];
  try {
    const endpoints = benchEndpoints(provider.url);
    for (const name of ['bench-openai', 'bench-bedrock'])
      await controlCall('POST', `${gateway}/api/2.0/serving-endpoints`, ADMIN, {
        name,
        config: { served_entities: [{ name: 'main', external_model: endpoints[name].model }] },
      });
    const { token_value: token } = await controlCall(
      'POST',
      `${gateway}/api/2.0/token/create`,
      ADMIN,
      {
        principal: 'bench',
      },
    );
    for (const name of ['bench-openai', 'bench-bedrock'])
      await controlCall(
        'PATCH',
        `${gateway}/api/2.0/permissions/serving-endpoints/${name}`,
        ADMIN,
        {
          access_control_list: [{ user_name: 'bench', permission_level: 'CAN_QUERY' }],
        },
      );
    const auth = { 'content-type': 'application/json', authorization: `Bearer ${token}` };
    const prompt = `Say hello. ${chunksMarker(CHUNKS)}`;
    const openaiChat = (content, stream) => ({
      url: `${gateway}/ai-gateway/mlflow/v1/chat/completions`,
      headers: auth,
      body: JSON.stringify({
        model: 'bench-openai',
        stream,
        ...(stream ? { stream_options: { include_usage: true } } : {}),
        messages: [{ role: 'user', content }],
      }),
    });
    const targets = {
      stream: openaiChat(prompt, true),
      json: openaiChat('Say hello.', false),
      // A 20 MiB stream relayed: the per-byte cost once the per-request cost is spread thin.
      long: {
        ...openaiChat(`Say hello. ${megabytesMarker(20)}`, true),
        requests: 10,
        concurrency: 1,
      },
      bedrock: {
        url: `${gateway}/ai-gateway/gemini/v1beta/models/bench-bedrock:streamGenerateContent?alt=sse`,
        headers: { 'content-type': 'application/json', 'x-goog-api-key': token },
        body: JSON.stringify({ contents: [{ role: 'user', parts: [{ text: prompt }] }] }),
      },
      translated: {
        url: `${gateway}/ai-gateway/anthropic/v1/messages`,
        headers: { ...auth, 'anthropic-version': '2023-06-01' },
        body: JSON.stringify({
          model: 'bench-openai',
          stream: true,
          max_tokens: 256,
          messages: [{ role: 'user', content: prompt }],
        }),
      },
    };
    const cdp = await connectInspector(INSPECTOR, 'gateway');
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: INTERVAL });
    for (const name of CASES) {
      const t = targets[name];
      const probe = await one(t);
      if (
        !t.requests &&
        name !== 'json' &&
        !(probe.includes(`tok${CHUNKS - 1} `) && !probe.includes(`tok${CHUNKS} `))
      )
        throw new Error(`${name}: stream does not carry ${CHUNKS} chunks: ${probe.slice(0, 300)}`);
      const n = t.requests ?? N;
      const conc = t.concurrency ?? CONC;
      await drive(t, t.requests ? 2 : 200, conc); // warm-up (JIT) outside the profile
      await cdp.send('Profiler.start');
      const ms = await drive(t, n, conc);
      const { profile } = await cdp.send('Profiler.stop');
      writeFileSync(`bench/.profiles/${name}.cpuprofile`, JSON.stringify(profile));
      const head = `${name}: ${n} requests at concurrency ${conc} in ${(ms / 1000).toFixed(2)} s (${((n / ms) * 1000).toFixed(0)} req/s); sampling ${INTERVAL} µs`;
      console.log(head);
      const text = `${head}\n${analyse(profile, sectionOf, name)}`;
      console.log(text);
      report.push(text);
      writeFileSync('bench/.profiles/report.txt', report.join('\n\n'));
    }
    cdp.close();
  } finally {
    await mf.dispose();
    provider.close();
  }
}

if (process.argv[2] === '--analyse') {
  const sectionOf = sectionsOf(`${OUT}/index.js`);
  for (const name of process.argv.slice(3))
    console.log(
      analyse(
        JSON.parse(readFileSync(`bench/.profiles/${name}.cpuprofile`, 'utf8')),
        sectionOf,
        name,
      ),
    );
} else
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
