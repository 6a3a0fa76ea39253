import { SELF } from 'cloudflare:test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEndpoint, GW, unique, tokenFor } from '../helpers/gateway';
import { fakeOpenAIEntity, FAKE_OPENAI_HOST } from '../helpers/ai-gateway';
import { installFakeUpstreams } from '../fakes/router';
import { random } from '../helpers/random';

// Passthrough streams reuse their read buffers once the caller's side has taken the bytes. Many
// streams at once, of chunks from a byte to 100 KB, read by callers at different speeds, must
// arrive byte for byte: a buffer read into again too early would show as another stream's bytes.

const encoder = new TextEncoder();

const frame = (content: string) =>
  `data: ${JSON.stringify({ id: 'c', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index: 0, delta: { content }, finish_reason: null }] })}\n\n`;
const USAGE = `data: ${JSON.stringify({ id: 'c', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [], usage: { prompt_tokens: 3, completion_tokens: 40, total_tokens: 43 } })}\n\n`;

/** The stream for `seed`: frames of its own letters, sizes 1 B to 100 KB. */
function framesFor(seed: number): string[] {
  const next = random(seed);
  const letter = String.fromCharCode(65 + (seed % 26));
  const frames = Array.from({ length: 40 }, (_, i) => {
    const size = [1, 30, 4_000, 70_000, 100_000][next(5)];
    return frame(`${seed}:${i}:${letter.repeat(size)}${next(1000)}`);
  });
  return [...frames, USAGE, 'data: [DONE]\n\n'];
}

/** The provider: a byte stream cut at random points, pausing now and then. */
function providerStream(seed: number): Response {
  const bytes = encoder.encode(framesFor(seed).join(''));
  const next = random(seed * 7 + 1);
  let at = 0;
  const stream = new ReadableStream({
    type: 'bytes',
    async pull(controller) {
      if (at >= bytes.length) return controller.close();
      const size = 1 + next(next(2) ? 200 : 90_000);
      controller.enqueue(bytes.slice(at, at + size));
      at += size;
      if (next(3) === 0) await new Promise((r) => setTimeout(r, next(3)));
    },
  });
  return new Response(stream, { headers: { 'content-type': 'text/event-stream' } });
}

let fakes: ReturnType<typeof installFakeUpstreams>;
let endpoint: string;
let token: string;

beforeAll(async () => {
  fakes = installFakeUpstreams({
    [FAKE_OPENAI_HOST]: async (request) => {
      const body = (await request.json()) as { messages: { content: string }[] };
      return providerStream(Number(body.messages[0].content));
    },
  });
  endpoint = unique('relay');
  await createEndpoint(endpoint, await fakeOpenAIEntity());
  token = await tokenFor('relay-user', { [endpoint]: 'CAN_QUERY' });
});
afterAll(() => fakes.restore());

/** One caller: asks for stream `seed`, reads it in pieces, sometimes slowly. */
async function streamed(seed: number, includeUsage: boolean): Promise<string> {
  const res = await SELF.fetch(`${GW}/ai-gateway/mlflow/v1/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      model: endpoint,
      messages: [{ role: 'user', content: String(seed) }],
      stream: true,
      ...(includeUsage ? { stream_options: { include_usage: true } } : {}),
    }),
  });
  expect(res.status).toBe(200);
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  const next = random(seed * 13 + 5);
  let text = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return text + decoder.decode();
    text += decoder.decode(value, { stream: true });
    if (next(4) === 0) await new Promise((r) => setTimeout(r, next(4)));
  }
}

describe('passthrough streams under overlap', () => {
  it('arrive byte for byte, many at once', async () => {
    const seeds = Array.from({ length: 24 }, (_, i) => i + 1);
    const got = await Promise.all(seeds.map((seed) => streamed(seed, true)));
    seeds.forEach((seed, i) => {
      expect(got[i].length).toBe(framesFor(seed).join('').length);
      expect(got[i] === framesFor(seed).join('')).toBe(true);
    });
  });

  it('arrive byte for byte with the usage chunk the caller did not ask for taken out', async () => {
    const seeds = Array.from({ length: 12 }, (_, i) => i + 101);
    const got = await Promise.all(seeds.map((seed) => streamed(seed, false)));
    seeds.forEach((seed, i) => {
      const expected = framesFor(seed)
        .filter((f) => f !== USAGE)
        .join('');
      expect(got[i] === expected).toBe(true);
    });
  });
});
