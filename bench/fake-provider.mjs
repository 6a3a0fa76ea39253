// A fake provider on loopback for the benchmark, answering every provider's chat path (OpenAI,
// Azure deployments, Anthropic, Bedrock Converse, Vertex Gemini and Claude, Cohere) and the token
// endpoints of Entra ID and Google, at once, so only the workers' cost is measured.
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
  [/(\/oauth2\/v2\.0)?\/token$/, () => accessToken()],
];

export function startFakeProvider() {
  const server = createServer((req, res) => {
    const chunks = [];
    req.on('data', (d) => chunks.push(d));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const path = new URL(req.url, 'http://x').pathname;
      const body = raw.startsWith('{') ? JSON.parse(raw) : {};
      for (const [pattern, answer] of ROUTES) {
        const match = pattern.exec(path);
        if (!match) continue;
        const { type, body: out } = answer(body, match, chunksAsked(raw));
        res.writeHead(200, { 'content-type': type }).end(out);
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
