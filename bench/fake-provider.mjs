// A fake provider on loopback for the benchmark, answering every provider's chat path (OpenAI,
// Azure deployments, Anthropic, Bedrock Converse, Vertex Gemini and Claude, Cohere) and the token
// endpoints of Entra ID and Google, at once, so only the workers' cost is measured.
import { once } from 'node:events';
import { createServer } from 'node:http';
import {
  accessToken,
  anthropicMessages,
  bedrockConverse,
  chunksAsked,
  cohereChat,
  geminiGenerate,
  openaiChat,
} from './fake-formats.mjs';

export { chunksMarker, STREAM_CHUNKS } from './fake-formats.mjs';

/** `megabytesMarker(100)` in a prompt: an OpenAI chat stream of that many MiB, for memory readings. */
export const megabytesMarker = (n) => `[bench-megabytes=${n}]`;
const megabytesAsked = (raw) => Number(/\[bench-megabytes=(\d+)\]/.exec(raw)?.[1] ?? 0);

/** A long OpenAI stream of 1 KB pieces, written as the socket drains (never held whole). */
async function writeLongStream(res, model, megabytes) {
  res.writeHead(200, { 'content-type': 'text/event-stream' });
  const chunk = (choices, extra = {}) =>
    `data: ${JSON.stringify({ id: 'chatcmpl-long', object: 'chat.completion.chunk', created: 1730000000, model, choices, ...extra })}\n\n`;
  const frame = chunk([{ index: 0, delta: { content: 'x'.repeat(1000) }, finish_reason: null }]);
  const perWrite = 64;
  const writes = Math.ceil((megabytes * 2 ** 20) / (frame.length * perWrite));
  const batch = frame.repeat(perWrite);
  for (let i = 0; i < writes; i++) if (!res.write(batch)) await once(res, 'drain');
  res.write(chunk([{ index: 0, delta: {}, finish_reason: 'stop' }]));
  const outputTokens = writes * perWrite * 250;
  res.write(
    chunk([], {
      usage: {
        prompt_tokens: 12,
        completion_tokens: outputTokens,
        total_tokens: 12 + outputTokens,
      },
    }),
  );
  res.end('data: [DONE]\n\n');
}

const ROUTES = [
  [/\/chat\/completions$/, (body, _m, n) => openaiChat(body, n)],
  [/^\/v1\/messages$/, (body, _m, n) => anthropicMessages(body, n)],
  [/:(stream)?rawPredict$/i, (body, _m, n) => anthropicMessages(body, n)],
  [/:(stream)?GenerateContent$/i, (body, m, n) => geminiGenerate(body, m[1] !== undefined, n)],
  [/^\/v2\/chat$/, (body, _m, n) => cohereChat(body, n)],
  [
    /^\/model\/[^/]+\/converse(-stream)?$/,
    (body, m, n) => bedrockConverse(body, m[1] !== undefined, n),
  ],
  [/(\/oauth2\/v2\.0)?\/token$/, () => accessToken(), false],
].map(([pattern, answer, cacheable = true]) => [pattern, answer, cacheable]);

/**
 * Answers built once per path, model, stream flag and length: building them (Bedrock's frames
 * carry two JS CRC32s each) costs the fake's process, which shares the cores with the workers,
 * more for some formats than others, so the ratios would measure the fake.
 */
const answers = new Map();

export function startFakeProvider() {
  const server = createServer((req, res) => {
    const chunks = [];
    req.on('data', (d) => chunks.push(d));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const path = new URL(req.url, 'http://x').pathname;
      const body = raw.startsWith('{') ? JSON.parse(raw) : {};
      const megabytes = megabytesAsked(raw);
      if (megabytes && path.endsWith('/chat/completions')) {
        writeLongStream(res, body.model, megabytes).catch(() => res.destroy());
        return;
      }
      for (const [pattern, answer, cacheable] of ROUTES) {
        const match = pattern.exec(path);
        if (!match) continue;
        const n = chunksAsked(raw);
        const key = `${path} ${body.model} ${body.stream} ${n}`;
        const reply = (cacheable && answers.get(key)) || answer(body, match, n);
        if (cacheable && answers.size < 1000) answers.set(key, reply);
        res.writeHead(200, { 'content-type': reply.type }).end(reply.body);
        return;
      }
      res
        .writeHead(404, { 'content-type': 'application/json' })
        .end('{"error":{"message":"no such bench route"}}');
    });
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () =>
      resolve({ url: `http://127.0.0.1:${server.address().port}`, close: () => server.close() }),
    );
  });
}
