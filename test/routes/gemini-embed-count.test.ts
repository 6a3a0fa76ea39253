import { GoogleGenAI } from '@google/genai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeCohere } from '../fakes/cohere-upstream';
import { fakeOpenAI } from '../fakes/openai-upstream';
import { installFakeUpstreams } from '../fakes/router';
import {
  call,
  createEndpoint,
  GW,
  sdkFetch,
  tokenFor,
  unique,
  waitForUsage,
} from '../helpers/gateway';

// The rest of the Gemini front door with the official @google/genai client: embedContent (the
// SDK sends :batchEmbedContents) into an OpenAI-format and a Cohere endpoint, and countTokens.

const fakes = installFakeUpstreams({
  'api.openai.fake': fakeOpenAI({ apiKey: 'sk-embed-openai' }),
  'api.cohere.fake': fakeCohere({ apiKey: 'co-embed' }),
});
afterAll(() => fakes.restore());

const endpoints = {
  openai: unique('gem-embed-gpt'),
  cohere: unique('gem-embed-co'),
  chat: unique('gem-count'),
};
let token: string;

beforeAll(async () => {
  const openai = {
    openai_api_key_plaintext: 'sk-embed-openai',
    openai_api_base: 'https://api.openai.fake/v1',
  };
  await createEndpoint(endpoints.openai, {
    name: 'text-embedding-3-small',
    provider: 'openai',
    task: 'llm/v1/embeddings',
    openai_config: openai,
  });
  await createEndpoint(endpoints.cohere, {
    name: 'embed-v4.0',
    provider: 'cohere',
    task: 'llm/v1/embeddings',
    cohere_config: {
      cohere_api_key_plaintext: 'co-embed',
      cohere_api_base: 'https://api.cohere.fake',
    },
  });
  await createEndpoint(endpoints.chat, {
    name: 'gpt-5-mini',
    provider: 'openai',
    task: 'llm/v1/chat',
    openai_config: openai,
  });
  token = await tokenFor(
    'gina',
    Object.fromEntries(Object.values(endpoints).map((e) => [e, 'CAN_QUERY' as const])),
  );
});

const gemini = () =>
  new GoogleGenAI({
    apiKey: token,
    httpOptions: { baseUrl: `${GW}/ai-gateway/gemini`, fetch: sdkFetch },
  });
const lastUpstream = () => JSON.parse(fakes.calls.at(-1)!.body);

describe('Gemini embedContent', () => {
  it('embeds a batch through an OpenAI-format endpoint, in order', async () => {
    const res = await gemini().models.embedContent({
      model: endpoints.openai,
      contents: ['hello', 'world!!'],
    });
    expect(res.embeddings?.map((e) => e.values)).toEqual([
      [5, 0.5, -0.25],
      [7, 0.5, -0.25],
    ]);
    expect(fakes.calls.at(-1)!.url).toBe('https://api.openai.fake/v1/embeddings');
    expect(lastUpstream()).toMatchObject({
      model: 'text-embedding-3-small',
      input: ['hello', 'world!!'],
    });
    const [row] = await waitForUsage(endpoints.openai, 1);
    expect(row).toMatchObject({
      api_type: 'gemini/embedContent',
      status_code: 200,
      input_tokens: 4,
    });
  });

  it('maps taskType and outputDimensionality (Cohere input_type and output_dimension)', async () => {
    const res = await gemini().models.embedContent({
      model: endpoints.cohere,
      contents: 'find me',
      config: { taskType: 'RETRIEVAL_QUERY', outputDimensionality: 2 },
    });
    expect(res.embeddings).toHaveLength(1);
    expect(res.embeddings![0].values).toHaveLength(2);
    expect(lastUpstream()).toMatchObject({
      input_type: 'search_query',
      output_dimension: 2,
      texts: ['find me'],
    });
  });

  it('answers the single :embedContent method too', async () => {
    const res = await call(
      'POST',
      `/ai-gateway/gemini/v1beta/models/${endpoints.openai}:embedContent`,
      token,
      { content: { parts: [{ text: 'one' }, { text: 'two' }] } },
    );
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ embedding: { values: [7, 0.5, -0.25] } });
  });

  it('refuses a chat endpoint and an image part with a Gemini-shaped 400', async () => {
    const chat = await call(
      'POST',
      `/ai-gateway/gemini/v1beta/models/${endpoints.chat}:embedContent`,
      token,
      { content: { parts: [{ text: 'x' }] } },
    );
    expect(chat.status).toBe(400);
    expect(chat.json.error).toMatchObject({ code: 400, status: 'INVALID_ARGUMENT' });
    expect(chat.json.error.message).toContain('not embeddings');
    const image = await call(
      'POST',
      `/ai-gateway/gemini/v1beta/models/${endpoints.openai}:embedContent`,
      token,
      { content: { parts: [{ inlineData: { mimeType: 'image/png', data: 'AAAA' } }] } },
    );
    expect(image.status).toBe(400);
    expect(image.json.error.message).toContain('content.parts[0]');
  });
});

describe('Gemini countTokens', () => {
  it('estimates the tokens of contents and of a whole generateContentRequest, and says so', async () => {
    const res = await gemini().models.countTokens({
      model: endpoints.chat,
      contents: 'How many tokens is this sentence?',
    });
    expect(res.totalTokens).toBeGreaterThan(5);
    const raw = await call(
      'POST',
      `/ai-gateway/gemini/v1beta/models/${endpoints.chat}:countTokens`,
      token,
      {
        generateContentRequest: {
          contents: [{ role: 'user', parts: [{ text: 'How many tokens is this sentence?' }] }],
          systemInstruction: { parts: [{ text: 'Be brief.' }] },
        },
      },
    );
    expect(raw.status).toBe(200);
    expect(raw.headers.get('x-gateway-token-count')).toBe('estimated');
    expect(raw.json.totalTokens).toBeGreaterThan(res.totalTokens!);
  });

  it('names the methods it has for an unknown one', async () => {
    const res = await call(
      'POST',
      `/ai-gateway/gemini/v1beta/models/${endpoints.chat}:predictLongRunning`,
      token,
      {},
    );
    expect(res.status).toBe(404);
    expect(res.json.error.message).toContain(':embedContent');
  });
});
