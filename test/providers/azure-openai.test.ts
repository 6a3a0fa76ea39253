import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ADMIN,
  call,
  createEndpoint,
  GW,
  putSecret,
  sdkFetch,
  unique,
  usageRows,
  waitForUsage,
} from '../helpers/gateway';
import { fakeAzureOpenAI } from '../fakes/azure-openai-upstream';
import { fakeEntra } from '../fakes/entra-upstream';
import { installFakeUpstreams } from '../fakes/router';
import { env } from 'cloudflare:test';
import { getEndpoint } from '../../src/gateway/endpoints';
import { azureOpenAI } from '../../src/providers/azure-openai';
import type { ChatRequest } from '../../src/formats/canonical';
import { openAIChatStreamDecoder } from '../../src/formats/openai-chat';
import type { StreamEvent } from '../../src/formats/canonical';

// Azure OpenAI behind the OpenAI SDK: api-key and Entra ID auth, deployment URLs with
// api-version, Azure's stream quirks, and one Entra token per isolate under concurrency.

const entra = fakeEntra({
  'tenant-main': { clientId: 'app-1', secret: 'entra-secret' },
  'tenant-burst': { clientId: 'app-2', secret: 'entra-secret-2' },
  'tenant-short': { clientId: 'app-3', secret: 'entra-secret-3', expiresIn: 61 },
  'tenant-shared': { clientId: 'app-4', secret: 'entra-secret-4' },
});
const fakes = installFakeUpstreams({
  'login.fake': entra.handler,
  // The same token endpoint answering after 100 ms, or failing at once when its caller aborts.
  'login-slow.fake': (request) =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => resolve(entra.handler(request)), 100);
      request.signal.addEventListener('abort', () => {
        clearTimeout(timer);
        reject(new DOMException('The operation was aborted.', 'AbortError'));
      });
    }),
  'res.openai.azure.fake': fakeAzureOpenAI({
    deployments: ['gpt4o-prod', 'instruct-prod'],
    apiKey: 'azure-key-1',
    bearer: entra.valid,
    reply: (body) => {
      if (!body.messages) return undefined; // Responses: the fake's own echo
      const last = body.messages.at(-1);
      return {
        text: `echo: ${typeof last.content === 'string' ? last.content : last.content[0].text}`,
      };
    },
    failWith: (body) =>
      body.messages?.at(-1)?.content === 'throttle me'
        ? {
            status: 429,
            code: '429',
            message: 'Requests to the ChatCompletions_Create Operation have exceeded rate limit.',
            headers: { 'retry-after': '7' },
          }
        : body.messages?.at(-1)?.content === 'bad words'
          ? {
              status: 400,
              code: 'content_filter',
              message:
                "The response was filtered due to the prompt triggering Azure OpenAI's content management policy.",
            }
          : undefined,
  }),
});
afterAll(() => fakes.restore());

const BASE = 'https://res.openai.azure.fake';
const azureConfig = (extra: Record<string, unknown>) => ({
  openai_api_base: BASE,
  openai_deployment_name: 'gpt4o-prod',
  openai_api_version: '2024-10-21',
  ...extra,
});
const entraConfig = (tenant: string, clientId: string, secretRef: string) =>
  azureConfig({
    openai_api_type: 'azuread',
    microsoft_entra_tenant_id: tenant,
    microsoft_entra_client_id: clientId,
    microsoft_entra_client_secret: secretRef,
    microsoft_entra_authority_host: 'https://login.fake',
  });

const keyChat = unique('azure-key');
const entraChat = unique('azure-entra');
const instruct = unique('azure-instruct');

beforeAll(async () => {
  const key = await putSecret('azure', 'key', 'azure-key-1');
  const secret = await putSecret('azure', 'entra', 'entra-secret');
  await createEndpoint(keyChat, {
    name: 'gpt-4o',
    provider: 'openai',
    task: 'llm/v1/chat',
    openai_config: azureConfig({ openai_api_type: 'azure', openai_api_key: key }),
  });
  await createEndpoint(entraChat, {
    name: 'gpt-4o',
    provider: 'openai',
    task: 'llm/v1/chat',
    openai_config: entraConfig('tenant-main', 'app-1', secret),
  });
  await createEndpoint(instruct, {
    name: 'gpt-35-turbo-instruct',
    provider: 'openai',
    task: 'llm/v1/completions',
    openai_config: azureConfig({
      openai_api_type: 'azure',
      openai_api_key: key,
      openai_deployment_name: 'instruct-prod',
    }),
  });
});

const client = () =>
  new OpenAI({
    apiKey: ADMIN,
    baseURL: `${GW}/ai-gateway/mlflow/v1`,
    fetch: sdkFetch,
    maxRetries: 0,
  });

describe.each([
  ['api-key', () => keyChat],
  ['Entra ID', () => entraChat],
])('Azure OpenAI with %s', (_auth, endpoint) => {
  it('chats through the deployment URL with the api-version', async () => {
    fakes.calls.length = 0;
    const res = await client().chat.completions.create({
      model: endpoint(),
      messages: [{ role: 'user', content: 'hi azure' }],
    });
    expect(res.choices[0].message.content).toBe('echo: hi azure');
    const upstream = fakes.calls.filter((c) => c.url.startsWith(BASE)).at(-1)!;
    expect(upstream.url).toBe(
      `${BASE}/openai/deployments/gpt4o-prod/chat/completions?api-version=2024-10-21`,
    );
    if (endpoint() === keyChat) {
      expect(upstream.headers['api-key']).toBe('azure-key-1');
      expect(upstream.headers.authorization).toBeUndefined();
    } else {
      expect(upstream.headers['api-key']).toBeUndefined();
      expect(upstream.headers.authorization).toMatch(/^Bearer entra\.tenant-main\./);
    }
  });

  it('streams past the prompt_filter_results chunk with its empty model', async () => {
    const stream = await client().chat.completions.create({
      model: endpoint(),
      messages: [{ role: 'user', content: 'stream azure' }],
      stream: true,
      stream_options: { include_usage: true },
    });
    const chunks: OpenAI.ChatCompletionChunk[] = [];
    for await (const chunk of stream) chunks.push(chunk);
    // The OpenAI route passes Azure's stream through as is; the SDK copes with the quirk chunk.
    expect(chunks.map((c) => c.choices[0]?.delta?.content ?? '').join('')).toBe(
      'echo: stream azure',
    );
    expect(chunks.at(-1)!.usage?.total_tokens).toBe(18);
  });

  it('translates the stream without the quirk chunk (decoder skips it)', async () => {
    const upstream = await fetch(
      `${BASE}/openai/deployments/gpt4o-prod/chat/completions?api-version=2024-10-21`,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'api-key': 'azure-key-1' },
        body: JSON.stringify({
          messages: [{ role: 'user', content: 'quirky' }],
          stream: true,
          stream_options: { include_usage: true },
        }),
      },
    );
    const events: StreamEvent[] = [];
    const decoder = openAIChatStreamDecoder();
    const reader = upstream.body!.getReader();
    for (let r = await reader.read(); !r.done; r = await reader.read())
      events.push(...decoder.push(r.value));
    events.push(...decoder.end());
    expect(events[0]).toMatchObject({ type: 'start', id: 'chatcmpl-fake123' });
    expect(events.filter((e) => e.type === 'start')).toHaveLength(1);
    expect(
      events
        .filter((e) => e.type === 'text')
        .map((e) => (e as { text: string }).text)
        .join(''),
    ).toBe('echo: quirky');
    expect(events.at(-1)).toMatchObject({
      type: 'usage',
      usage: { inputTokens: 11, outputTokens: 7 },
    });
  });
});

describe('Azure OpenAI Responses API', () => {
  it.each([
    ['api-key', () => keyChat],
    ['Entra ID', () => entraChat],
  ])(
    'passes Responses through to the v1 path with the deployment as model (%s), hosted tools kept',
    async (_auth, endpoint) => {
      fakes.calls.length = 0;
      const tools = [
        { type: 'web_search' as const },
        {
          type: 'function' as const,
          name: 'get_weather',
          parameters: { type: 'object', properties: {} },
          strict: false,
        },
      ];
      const res = await client().responses.create({
        model: endpoint(),
        input: 'hi responses',
        tools,
        store: false,
      });
      expect(res.output_text).toBe('echo: hi responses');
      const stream = client().responses.stream({
        model: endpoint(),
        input: 'stream responses',
        store: false,
      });
      expect((await stream.finalResponse()).output_text).toBe('echo: stream responses');
      expect(
        fakes.calls.filter((c) => c.url.includes('openai.azure.fake')).map((c) => c.url),
      ).toEqual([`${BASE}/openai/v1/responses`, `${BASE}/openai/v1/responses`]);
      const sent = JSON.parse(fakes.calls.find((c) => c.url.includes('openai.azure.fake'))!.body);
      expect(sent).toMatchObject({ model: 'gpt4o-prod', tools });
      await waitForUsage(endpoint(), 1);
      await new Promise((r) => setTimeout(r, 100));
      const streamed = (await usageRows(endpoint())).find(
        (r: any) => r.api_type === 'responses' && r.streaming,
      );
      expect(streamed).toMatchObject({
        status_code: 200,
        provider: 'openai',
        tokens_estimated: false,
      });
    },
  );
});

describe('Azure OpenAI, other tasks', () => {
  it('serves legacy completions through the completions deployment', async () => {
    const res = await client().completions.create({ model: instruct, prompt: 'Once' });
    expect(res.choices[0].text).toBe('completed: Once');
    expect(fakes.calls.at(-1)!.url).toBe(
      `${BASE}/openai/deployments/instruct-prod/completions?api-version=2024-10-21`,
    );
  });
});

describe('Entra ID tokens', () => {
  it('mints exactly one token for many concurrent requests, then reuses it', async () => {
    const endpoint = unique('azure-burst');
    await createEndpoint(endpoint, {
      name: 'gpt-4o',
      provider: 'openai',
      task: 'llm/v1/chat',
      openai_config: entraConfig(
        'tenant-burst',
        'app-2',
        await putSecret('azure', 'entra2', 'entra-secret-2'),
      ),
    });
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        call('POST', '/ai-gateway/mlflow/v1/chat/completions', ADMIN, {
          model: endpoint,
          messages: [{ role: 'user', content: `n${i}` }],
        }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(Array(8).fill(200));
    expect(entra.minted.get('tenant-burst')).toHaveLength(1);
    await call('POST', '/ai-gateway/mlflow/v1/chat/completions', ADMIN, {
      model: endpoint,
      messages: [{ role: 'user', content: 'again' }],
    });
    expect(entra.minted.get('tenant-burst')).toHaveLength(1);
  });

  it('a caller that leaves while its token is being minted fails only itself, not the requests sharing that mint', async () => {
    const endpoint = unique('azure-shared');
    await createEndpoint(endpoint, {
      name: 'gpt-4o',
      provider: 'openai',
      task: 'llm/v1/chat',
      openai_config: {
        ...entraConfig(
          'tenant-shared',
          'app-4',
          await putSecret('azure', 'entra4', 'entra-secret-4'),
        ),
        microsoft_entra_authority_host: 'https://login-slow.fake',
      },
    });
    const [entity] = (await getEndpoint(env.DB, endpoint)).entities;
    const req: ChatRequest = {
      model: endpoint,
      messages: [{ role: 'user', content: [{ type: 'text', text: 'shared' }] }],
      stream: false,
      extra: {},
    };
    const leaving = new AbortController();
    const first = azureOpenAI.chat({ env, entity: entity as never, signal: leaving.signal }, req);
    const second = azureOpenAI.chat(
      { env, entity: entity as never, signal: new AbortController().signal },
      req,
    );
    // The first caller leaves while the token endpoint is still answering.
    setTimeout(() => leaving.abort(), 20);
    await expect(first).rejects.toMatchObject({ status: 499 });
    const answer = await second;
    expect(answer.kind === 'response' && answer.response.content).toEqual([
      { type: 'text', text: 'echo: shared' },
    ]);
    expect(entra.minted.get('tenant-shared')).toHaveLength(1);
  });

  it('refreshes a token that is about to expire', async () => {
    const endpoint = unique('azure-short');
    await createEndpoint(endpoint, {
      name: 'gpt-4o',
      provider: 'openai',
      task: 'llm/v1/chat',
      openai_config: entraConfig(
        'tenant-short',
        'app-3',
        await putSecret('azure', 'entra3', 'entra-secret-3'),
      ),
    });
    const ask = () =>
      call('POST', '/ai-gateway/mlflow/v1/chat/completions', ADMIN, {
        model: endpoint,
        messages: [{ role: 'user', content: 'x' }],
      });
    expect((await ask()).status).toBe(200);
    expect((await ask()).status).toBe(200);
    expect(entra.minted.get('tenant-short')).toHaveLength(1);
    // 61 s lifetime minus the 60 s refresh margin: stale after one second.
    await new Promise((r) => setTimeout(r, 1100));
    expect((await ask()).status).toBe(200);
    const minted = entra.minted.get('tenant-short')!;
    expect(minted).toHaveLength(2);
    expect(fakes.calls.at(-1)!.headers.authorization).toBe(`Bearer ${minted[1]}`);
  });

  it('answers a rejected client secret with a 401 in the caller dialect, never a 500', async () => {
    const endpoint = unique('azure-badsecret');
    await createEndpoint(endpoint, {
      name: 'gpt-4o',
      provider: 'openai',
      task: 'llm/v1/chat',
      openai_config: entraConfig(
        'tenant-main',
        'app-1',
        await putSecret('azure', 'wrong', 'not-the-secret'),
      ),
    });
    const res = await call('POST', '/ai-gateway/mlflow/v1/chat/completions', ADMIN, {
      model: endpoint,
      messages: [{ role: 'user', content: 'x' }],
    });
    expect(res.status).toBe(401);
    expect(res.json.error.message).toContain('AADSTS7000215');
    expect(res.json.error.message).not.toContain('not-the-secret');
  });
});

describe('Azure OpenAI failures', () => {
  it('passes throttling on as 429 with Retry-After, and a content-filter block as 400', async () => {
    const throttled = await call('POST', '/ai-gateway/mlflow/v1/chat/completions', ADMIN, {
      model: keyChat,
      messages: [{ role: 'user', content: 'throttle me' }],
    });
    expect(throttled.status).toBe(429);
    expect(throttled.headers.get('retry-after')).toBe('7');
    expect(throttled.json.error.type).toBe('rate_limit_error');
    const filtered = await call('POST', '/ai-gateway/mlflow/v1/chat/completions', ADMIN, {
      model: keyChat,
      messages: [{ role: 'user', content: 'bad words' }],
    });
    expect(filtered.status).toBe(400);
    expect(filtered.json.error.code).toBe('content_filter');
  });

  it('answers a wrong api key with a 401 and records it', async () => {
    const endpoint = unique('azure-badkey');
    await createEndpoint(endpoint, {
      name: 'gpt-4o',
      provider: 'openai',
      task: 'llm/v1/chat',
      openai_config: azureConfig({ openai_api_type: 'azure', openai_api_key_plaintext: 'nope' }),
    });
    const res = await call('POST', '/ai-gateway/mlflow/v1/chat/completions', ADMIN, {
      model: endpoint,
      messages: [{ role: 'user', content: 'x' }],
    });
    expect(res.status).toBe(401);
    const rows = await waitForUsage(endpoint, 1);
    expect(rows[0]).toMatchObject({ status_code: 401, provider: 'openai' });
  });
});
