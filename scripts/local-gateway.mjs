// The gateway as a real local server for tools that run outside workerd's test pool (the
// benchmark, the coding-agents and load tests): bundled by wrangler, served by Miniflare on
// loopback, with a fresh in-memory D1 holding every migration in migrations/.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { convertV4MiniflareOptions, Miniflare, Response as MiniflareResponse } from 'miniflare';
import { unstable_getMiniflareWorkerOptions, unstable_splitSqlQuery } from 'wrangler';

// Miniflare here is the test pool's (package.json pins the same version), not the older one inside
// wrangler: its workerd notices a client that disconnects mid-stream (the request signal aborts),
// as production does; wrangler's never tells the worker, so such a request would leave no usage row.

/**
 * Bundles the worker into `outDir`; returns wrangler's "Total Upload" size line. `entry`, when given,
 * is bundled instead of wrangler.toml's main (the bundle is then named after it, e.g. x.mjs → x.js).
 */
export function buildGateway(outDir, entry, { minify } = {}) {
  const result = spawnSync(
    'node_modules/.bin/wrangler',
    [
      'deploy',
      '--dry-run',
      '--outdir',
      outDir,
      ...(entry ? ['--config', 'wrangler.toml', entry] : []),
      // Profiles want readable function names: `minify: false` overrides wrangler.toml.
      ...(minify === false ? ['--minify=false'] : []),
    ],
    { encoding: 'utf8' },
  );
  if (result.status !== 0) throw new Error(`bundling failed:\n${result.stderr}`);
  return /Total Upload: ([^\n]+)/.exec(result.stdout)?.[1]?.trim();
}

/**
 * Serves the bundle in `outDir` (its module `script`) on 127.0.0.1 (a free port); `url` is its
 * origin. `outbound`, when given, answers every fetch the worker makes (standard Request →
 * Response): tests put fake providers at their real hostnames there, and nothing reaches the
 * network. `log`, when given, is Miniflare's Log (the usage benchmark reads the queue broker's
 * delivery lines from it). `staticAssets: false` leaves out the console's assets (public/);
 * `queueConsumers: false` leaves queued messages unconsumed.
 */
export async function startGateway({
  outDir,
  script = 'index.js',
  adminToken,
  bindings = {},
  outbound,
  log,
  inspectorPort,
  staticAssets = true,
  queueConsumers = true,
}) {
  const { workerOptions } = unstable_getMiniflareWorkerOptions('wrangler.toml');
  // The benchmark measures the Worker alone: Miniflare serves Static Assets through router and
  // asset workers in front of it (on the same cores), which production runs outside the Worker.
  if (!staticAssets) delete workerOptions.assets;
  // Likewise the usage consumer's writes: Miniflare runs D1's and R2's storage in this process.
  if (!queueConsumers) workerOptions.queueConsumers = {};
  const mf = new Miniflare(
    convertV4MiniflareOptions({
      ...workerOptions,
      // The bundle is one module; Miniflare 5 takes no module rules.
      modulesRules: undefined,
      name: 'gateway',
      modules: true,
      modulesRoot: outDir,
      scriptPath: `${outDir}/${script}`,
      bindings: { ...workerOptions.bindings, ...bindings, GATEWAY_ADMIN_TOKEN: adminToken },
      d1Persist: false,
      durableObjectsPersist: false,
      host: '127.0.0.1',
      port: 0,
      ...(outbound ? { outboundService: (request) => relay(request, outbound) } : {}),
      ...(log ? { log } : {}),
      // workerd's V8 inspector (Chrome DevTools Protocol), for CPU profiles (bench/profile.mjs).
      ...(inspectorPort ? { inspectorPort, inspectorHost: '127.0.0.1' } : {}),
    }),
  );
  const url = await mf.ready;
  const db = await mf.getD1Database('DB');
  for (const file of readdirSync('migrations')
    .filter((f) => f.endsWith('.sql'))
    .sort())
    for (const statement of unstable_splitSqlQuery(readFileSync(`migrations/${file}`, 'utf8')))
      await db.prepare(statement).run();
  return { mf, url: url.origin };
}

async function relay(request, outbound) {
  const body =
    request.method === 'GET' || request.method === 'HEAD' ? undefined : await request.arrayBuffer();
  // The body is whole now and fetch sets its length: a copied Content-Length makes Node's fetch
  // refuse the request (under Miniflare 5), so a fake provider on loopback would get nothing.
  const headers = new Headers(request.headers);
  headers.delete('content-length');
  const response = await outbound(
    new Request(request.url, { method: request.method, headers, body }),
  );
  return new MiniflareResponse(response.body, {
    status: response.status,
    headers: response.headers,
  });
}
