import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  call,
  createEndpoint,
  GW,
  sdkFetch,
  tokenFor,
  unique,
  waitForUsage,
} from '../helpers/gateway';
import { fakeOpenAI } from '../fakes/openai-upstream';
import { installFakeUpstreams } from '../fakes/router';

// Legacy completions forwarded to OpenAI-format providers that serve them and translated through
// chat for the others; embeddings in float and base64 (the openai SDK's default) on every route.

const fakes = installFakeUpstreams({
  'api.openai.fake': fakeOpenAI({ apiKey: 'sk-up' }),
  'ai21.fake': fakeOpenAI({ apiKey: 'ai21-up' }),
});
afterAll(() => fakes.restore());

const ep = {
  openaiCompletions: unique('cmpl-openai'),
  ai21Completions: unique('cmpl-ai21'),
  embeddings: unique('embed'),
};
let token: string;

beforeAll(async () => {
  const openai = {
    openai_api_key_plaintext: 'sk-up',
    openai_api_base: 'https://api.openai.fake/v1',
  };
  await createEndpoint(ep.openaiCompletions, {
    name: 'gpt-3.5-turbo-instruct',
    provider: 'openai',
    task: 'llm/v1/completions',
    openai_config: openai,
  });
  await createEndpoint(ep.ai21Completions, {
    name: 'jamba-mini',
    provider: 'ai21labs',
    task: 'llm/v1/completions',
    ai21labs_config: {
      ai21labs_api_key_plaintext: 'ai21-up',
      ai21labs_api_base: 'https://ai21.fake/v1',
    },
  });
  await createEndpoint(ep.embeddings, {
    name: 'text-embedding-3-small',
    provider: 'openai',
    task: 'llm/v1/embeddings',
    openai_config: openai,
  });
  token = await tokenFor(
    'cora',
    Object.fromEntries(Object.values(ep).map((e) => [e, 'CAN_QUERY'])),
  );
});

const client = (base: string) =>
  new OpenAI({ apiKey: token, baseURL: `${GW}${base}`, fetch: sdkFetch, maxRetries: 0 });

describe('legacy completions', () => {
  it('forwards to an OpenAI provider as is', async () => {
    const res = await client('/ai-gateway/mlflow/v1').completions.create({
      model: ep.openaiCompletions,
      prompt: 'Say hi',
    });
    expect(res.choices[0].text).toBe('completed: Say hi');
    expect(fakes.calls.at(-1)!.url).toBe('https://api.openai.fake/v1/completions');
  });

  it.each([['/ai-gateway/mlflow/v1'], ['/serving-endpoints']])(
    'translates through chat for a provider without completions (%s)',
    async (base) => {
      const res = await client(base).completions.create({
        model: ep.ai21Completions,
        prompt: 'Say hi',
        max_tokens: 20,
        frequency_penalty: 0.5,
      });
      expect(res.object).toBe('text_completion');
      expect(res.choices[0]).toMatchObject({
        index: 0,
        text: 'echo: Say hi',
        finish_reason: 'stop',
      });
      expect(res.usage).toEqual({ prompt_tokens: 11, completion_tokens: 7, total_tokens: 18 });
      const upstream = fakes.calls.at(-1)!;
      expect(upstream.url).toBe('https://ai21.fake/v1/chat/completions');
      expect(JSON.parse(upstream.body)).toMatchObject({
        model: 'jamba-mini',
        messages: [{ role: 'user', content: 'Say hi' }],
        max_tokens: 20,
        frequency_penalty: 0.5,
      });
    },
  );

  it('streams a translated completion with usage when asked', async () => {
    const stream = await client('/ai-gateway/mlflow/v1').completions.create({
      model: ep.ai21Completions,
      prompt: 'stream it',
      stream: true,
      stream_options: { include_usage: true },
    });
    let text = '';
    let usage: OpenAI.CompletionUsage | undefined;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.text ?? '';
      if (chunk.usage) usage = chunk.usage;
    }
    expect(text).toBe('echo: stream it');
    expect(usage?.total_tokens).toBe(18);
    const rows = await waitForUsage(ep.ai21Completions, 1, (r) => r.streaming);
    expect(rows[0]).toMatchObject({
      api_type: 'completions',
      input_tokens: 11,
      status_code: 200,
    });
  });

  it('answers through /serving-endpoints/{name}/invocations by the endpoint task', async () => {
    const res = await call('POST', `/serving-endpoints/${ep.ai21Completions}/invocations`, token, {
      prompt: 'invoked',
    });
    expect(res.status).toBe(200);
    expect(res.json.choices[0].text).toBe('echo: invoked');
  });

  it('answers what only OpenAI can do with a 400 naming the field when translating', async () => {
    const res = await call('POST', '/ai-gateway/mlflow/v1/completions', token, {
      model: ep.ai21Completions,
      prompt: ['a', 'b'],
    });
    expect(res.status).toBe(400);
    expect(res.json.error.param).toBe('prompt');
    const echo = await call('POST', '/ai-gateway/mlflow/v1/completions', token, {
      model: ep.ai21Completions,
      prompt: 'a',
      echo: true,
    });
    expect(echo.json.error.param).toBe('echo');
  });

  it('refuses a chat endpoint for completions, naming the model', async () => {
    const res = await call('POST', '/ai-gateway/mlflow/v1/completions', token, {
      model: ep.embeddings,
      prompt: 'x',
    });
    expect(res.status).toBe(400);
    expect(res.json.error.message).toContain('not completions');
  });
});

describe('embeddings in base64, the openai SDK default', () => {
  const expected = (text: string) => [text.length, 0.5, -0.25];

  it.each([['/ai-gateway/mlflow/v1'], ['/ai-gateway/openai/v1'], ['/serving-endpoints']])(
    'embeds through %s/embeddings',
    async (base) => {
      const res = await client(base).embeddings.create({
        model: ep.embeddings,
        input: ['hello', 'world!'],
      });
      expect(res.data.map((d) => d.embedding)).toEqual([expected('hello'), expected('world!')]);
      expect(JSON.parse(fakes.calls.at(-1)!.body).encoding_format).toBe('float');
    },
  );

  it('embeds through /serving-endpoints/{name}/invocations with base64 and float', async () => {
    const b64 = await call('POST', `/serving-endpoints/${ep.embeddings}/invocations`, token, {
      input: 'hey',
      encoding_format: 'base64',
    });
    expect(b64.status).toBe(200);
    const bytes = Uint8Array.from(atob(b64.json.data[0].embedding), (ch) => ch.charCodeAt(0));
    expect(Array.from(new Float32Array(bytes.buffer))).toEqual(expected('hey'));
    const floats = await call('POST', `/serving-endpoints/${ep.embeddings}/invocations`, token, {
      input: 'hey',
    });
    expect(floats.json.data[0].embedding).toEqual(expected('hey'));
  });

  it('rejects an unknown encoding_format naming it', async () => {
    const res = await call('POST', '/ai-gateway/mlflow/v1/embeddings', token, {
      model: ep.embeddings,
      input: 'x',
      encoding_format: 'int8',
    });
    expect(res.status).toBe(400);
    expect(res.json.error.param).toBe('encoding_format');
  });
});
