import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import type { FakeHandler, RecordedCall } from '../../fakes/router';

// The test suite's fake providers (test/fakes/, which check what the real ones check) served over
// HTTP on loopback, one per path prefix, so a gateway running as a real server can reach them:
// `http://127.0.0.1:port/anthropic/v1/messages` is the Anthropic fake's `/v1/messages`.

export interface FakeServer {
  url: string;
  /** Every request, in order, with the prefix stripped from its path. */
  calls: (RecordedCall & { prefix: string })[];
  close(): Promise<void>;
}

export async function startFakeServer(handlers: Record<string, FakeHandler>): Promise<FakeServer> {
  const calls: FakeServer['calls'] = [];
  const server = createServer((req, res) => {
    serve(req, res).catch((err) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(`fake server error: ${String(err)}`);
    });
  });
  async function serve(req: IncomingMessage, res: ServerResponse) {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const prefix = url.pathname.split('/')[1] ?? '';
    const handler = handlers[prefix];
    const path = url.pathname.slice(prefix.length + 1) + url.search;
    const headers = Object.fromEntries(
      Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : (v ?? '')]),
    );
    calls.push({ prefix, url: path, method: req.method ?? 'GET', headers, body });
    if (!handler) {
      res
        .writeHead(404, { 'content-type': 'application/json' })
        .end(JSON.stringify({ error: { message: `no fake at /${prefix}` } }));
      return;
    }
    const request = new Request(`http://127.0.0.1${path}`, {
      method: req.method,
      headers,
      body: req.method === 'GET' || req.method === 'HEAD' ? undefined : body,
    });
    const response = await handler(request);
    res.writeHead(response.status, Object.fromEntries(response.headers));
    if (!response.body) return void res.end();
    // Streamed on as the fake produces it: clients and the gateway see real SSE timing.
    Readable.fromWeb(response.body as any).pipe(res);
  }
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
