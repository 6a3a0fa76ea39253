// The gateway with one more route, for `AB_MODE=isolate npm run bench:ab`: POST /__bench-loop runs
// n gateway requests back to back inside this isolate and answers when they are done, so the time
// it takes is the gateway's own work, with no HTTP parsing, sockets or client in it. Upstream
// answers are fetched once and then served from memory.
import worker from '../src/index';

export { RateLimiter } from '../src/gateway/rate-limiter-object';

interface LoopSpec {
  upstream: string;
  path: string;
  headers: Record<string, string>;
  body: string;
  n: number;
}

const answers = new Map<
  string,
  { status: number; headers: [string, string][]; body: ArrayBuffer }
>();
let upstream = '';
const networkFetch = globalThis.fetch;
globalThis.fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
  const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
  if (!upstream || !url.startsWith(upstream)) return networkFetch(input, init);
  const key = `${url} ${typeof init?.body === 'string' ? init.body : ''}`;
  let answer = answers.get(key);
  if (!answer) {
    const res = await networkFetch(input, init);
    answer = { status: res.status, headers: [...res.headers], body: await res.arrayBuffer() };
    answers.set(key, answer);
  }
  return new Response(answer.body, { status: answer.status, headers: answer.headers });
};

/** Each inner request its own context: one shared by thousands would hold all their work. */
const innerContext = (): ExecutionContext =>
  ({
    waitUntil: (work: Promise<unknown>) => void work.catch(() => {}),
    passThroughOnException() {},
    props: {},
  }) as unknown as ExecutionContext;

async function loop(spec: LoopSpec, env: Parameters<typeof worker.fetch>[1]): Promise<Response> {
  upstream = spec.upstream;
  const length = String(new TextEncoder().encode(spec.body).byteLength);
  for (let i = 0; i < spec.n; i++) {
    const req = new Request(`http://gateway${spec.path}`, {
      method: 'POST',
      // As an SDK sends it: a body with its length.
      headers: { ...spec.headers, 'content-length': length },
      body: spec.body,
    });
    const res = await worker.fetch(req as Parameters<typeof worker.fetch>[0], env, innerContext());
    const body = await res.arrayBuffer();
    if (res.status !== 200)
      return new Response(new TextDecoder().decode(body), { status: res.status });
  }
  return new Response('done');
}

export default {
  async fetch(req, env, ctx) {
    if (new URL(req.url).pathname === '/__bench-loop') return loop(await req.json(), env);
    return worker.fetch(req, env, ctx);
  },
  queue: worker.queue,
} satisfies typeof worker;
