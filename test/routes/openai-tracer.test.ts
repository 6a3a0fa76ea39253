import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  call,
  createEndpoint,
  GW,
  putSecret,
  sdkFetch,
  tokenFor,
  unique,
  waitForUsage,
} from '../helpers/gateway';
import { fakeOpenAI } from '../fakes/openai-upstream';
import { installFakeUpstreams } from '../fakes/router';

// The tracer bullet: the official openai client through every OpenAI front door to an
// openai and a custom endpoint, streaming included, with usage rows and request tags.

const fakes = installFakeUpstreams({
  'api.openai.fake': fakeOpenAI({ apiKey: 'sk-upstream-openai' }),
  'custom.fake': fakeOpenAI({ apiKey: 'custom-key-value', keyHeader: 'x-custom-key' }),
  // A careless proxy that echoes the credential in its error message.
  'echo.fake': (req) =>
    new Response(
      JSON.stringify({ error: { message: `bad key ${req.headers.get('authorization')}` } }),
      { status: 401 },
    ),
});
afterAll(() => fakes.restore());

const openaiEndpoint = unique('gpt');
const customEndpoint = unique('custom');
let token: string;

beforeAll(async () => {
  const ref = await putSecret('tracer', 'openai', 'sk-upstream-openai');
  await createEndpoint(openaiEndpoint, {
    name: 'gpt-4o-mini',
    provider: 'openai',
    task: 'llm/v1/chat',
    openai_config: { openai_api_key: ref, openai_api_base: 'https://api.openai.fake/v1' },
  });
  await createEndpoint(customEndpoint, {
    name: 'my-llama',
    provider: 'custom',
    task: 'llm/v1/chat',
    custom_provider_config: {
      custom_provider_url: 'https://custom.fake/v1',
      api_key_auth: { key: 'x-custom-key', value_plaintext: 'custom-key-value' },
    },
  });
  token = await tokenFor('alice', { [openaiEndpoint]: 'CAN_QUERY', [customEndpoint]: 'CAN_QUERY' });
});

const client = (base: string, headers: Record<string, string> = {}) =>
  new OpenAI({
    apiKey: token,
    baseURL: `${GW}${base}`,
    fetch: sdkFetch,
    defaultHeaders: headers,
    maxRetries: 0,
  });

describe.each([['/ai-gateway/mlflow/v1'], ['/ai-gateway/openai/v1'], ['/serving-endpoints']])(
  'OpenAI SDK at %s',
  (base) => {
    it.each([['openai'], ['custom']])('chats with the %s endpoint', async (kind) => {
      const model = kind === 'openai' ? openaiEndpoint : customEndpoint;
      const res = await client(base).chat.completions.create({
        model,
        messages: [{ role: 'user', content: 'hello there' }],
      });
      expect(res.choices[0].message.content).toBe('echo: hello there');
      expect(res.choices[0].finish_reason).toBe('stop');
      expect(res.usage?.total_tokens).toBe(18);
    });

    it('streams with include_usage', async () => {
      const stream = await client(base).chat.completions.create({
        model: openaiEndpoint,
        messages: [{ role: 'user', content: 'stream me' }],
        stream: true,
        stream_options: { include_usage: true },
      });
      let text = '';
      let usage: OpenAI.CompletionUsage | undefined | null;
      let finish: string | null = null;
      for await (const chunk of stream) {
        text += chunk.choices[0]?.delta?.content ?? '';
        finish = chunk.choices[0]?.finish_reason ?? finish;
        if (chunk.usage) usage = chunk.usage;
      }
      expect(text).toBe('echo: stream me');
      expect(finish).toBe('stop');
      expect(usage?.prompt_tokens).toBe(11);
    });
  },
);

describe('the tracer bullet', () => {
  it('sends the provider key upstream and never the gateway token', async () => {
    fakes.calls.length = 0;
    await client('/ai-gateway/mlflow/v1').chat.completions.create({
      model: openaiEndpoint,
      messages: [{ role: 'user', content: 'x' }],
    });
    const upstream = fakes.calls.at(-1)!;
    expect(upstream.url).toBe('https://api.openai.fake/v1/chat/completions');
    expect(upstream.headers.authorization).toBe('Bearer sk-upstream-openai');
    expect(JSON.stringify(upstream)).not.toContain(token);
    expect(JSON.parse(upstream.body).model).toBe('gpt-4o-mini');
  });

  it('streams without include_usage: no usage chunk reaches the client, the usage row still has real counts', async () => {
    const endpoint = unique('gpt-nousage');
    const ref = await putSecret('tracer', 'openai', 'sk-upstream-openai');
    await createEndpoint(endpoint, {
      name: 'gpt-4o-mini',
      provider: 'openai',
      task: 'llm/v1/chat',
      openai_config: { openai_api_key: ref, openai_api_base: 'https://api.openai.fake/v1' },
    });
    const res = await call(
      'POST',
      '/ai-gateway/mlflow/v1/chat/completions',
      token.replace(/^/, ''),
      { model: endpoint, stream: true, messages: [{ role: 'user', content: 'hi' }] },
    );
    // alice has no permission on this new endpoint
    expect(res.status).toBe(403);
    const adminRes = await call(
      'POST',
      '/ai-gateway/mlflow/v1/chat/completions',
      (await import('../helpers/gateway')).ADMIN,
      { model: endpoint, stream: true, messages: [{ role: 'user', content: 'hi' }] },
    );
    expect(adminRes.status).toBe(200);
    expect(adminRes.headers.get('content-type')).toContain('text/event-stream');
    expect(adminRes.text).toContain('data: [DONE]');
    expect(adminRes.text).not.toContain('"usage":{');
    const rows = await waitForUsage(endpoint, 2);
    const ok = rows.find((r) => r.status_code === 200);
    expect(ok).toMatchObject({
      input_tokens: 11,
      output_tokens: 7,
      total_tokens: 18,
      cache_read_input_tokens: 3,
      streaming: true,
      tokens_estimated: false,
    });
    expect(rows.find((r) => r.status_code === 403)).toMatchObject({ requester: 'alice' });
  });

  it('writes one usage row per request with the request tags', async () => {
    const tags = { team: 'search', env: 'test' };
    await client('/serving-endpoints', {
      'Databricks-Ai-Gateway-Request-Tags': JSON.stringify(tags),
    }).chat.completions.create({
      model: customEndpoint,
      messages: [{ role: 'user', content: 'tagged' }],
    });
    const [row] = await waitForUsage(customEndpoint, 1, (r) => r.request_tags.team === 'search');
    expect(row).toMatchObject({
      endpoint_name: customEndpoint,
      served_entity_name: 'entity-0',
      provider: 'custom',
      destination_model: 'my-llama',
      requester: 'alice',
      status_code: 200,
      input_tokens: 11,
      output_tokens: 7,
      request_tags: tags,
    });
    expect(row.latency_ms).toBeGreaterThanOrEqual(0);
  });

  it('rejects request tags that are not an object of strings with a 400 in the OpenAI shape', async () => {
    for (const bad of ['not json', '[1,2]', '{"a":1}']) {
      const res = await call(
        'POST',
        '/ai-gateway/mlflow/v1/chat/completions',
        token,
        { model: openaiEndpoint, messages: [{ role: 'user', content: 'x' }] },
        { 'Databricks-Ai-Gateway-Request-Tags': bad },
      );
      expect(res.status).toBe(400);
      expect(res.json.error.message).toContain('Databricks-Ai-Gateway-Request-Tags');
    }
  });

  it('answers /serving-endpoints/{name}/invocations without a model field', async () => {
    const res = await call('POST', `/serving-endpoints/${openaiEndpoint}/invocations`, token, {
      messages: [{ role: 'user', content: 'invoke' }],
    });
    expect(res.status).toBe(200);
    expect(res.json.choices[0].message.content).toBe('echo: invoke');
  });

  it('names an unknown endpoint with a 404 in the OpenAI shape', async () => {
    const res = await call('POST', '/ai-gateway/mlflow/v1/chat/completions', token, {
      model: 'nope',
      messages: [{ role: 'user', content: 'x' }],
    });
    expect(res.status).toBe(404);
    expect(res.json.error.message).toContain("'nope'");
  });

  it('passes an upstream 401 on with its status in the OpenAI shape, never a 500', async () => {
    const endpoint = unique('badkey');
    await createEndpoint(endpoint, {
      name: 'gpt-4o-mini',
      provider: 'openai',
      task: 'llm/v1/chat',
      openai_config: {
        openai_api_key_plaintext: 'wrong',
        openai_api_base: 'https://api.openai.fake/v1',
      },
    });
    const res = await call(
      'POST',
      '/ai-gateway/mlflow/v1/chat/completions',
      (await import('../helpers/gateway')).ADMIN,
      { model: endpoint, messages: [{ role: 'user', content: 'x' }] },
    );
    expect(res.status).toBe(401);
    expect(res.json.error.message).toContain('Incorrect API key');
  });

  it('answers a malformed body with a 400 naming the field', async () => {
    const res = await call('POST', '/ai-gateway/mlflow/v1/chat/completions', token, {
      model: openaiEndpoint,
      messages: 'hi',
    });
    expect(res.status).toBe(400);
    expect(res.json.error.param).toBe('messages');
    const broken = await call(
      'POST',
      '/ai-gateway/mlflow/v1/chat/completions',
      token,
      '{"model": ',
    );
    expect(broken.status).toBe(400);
  });
});

describe('provider errors', () => {
  it('never echo the provider credential back to the caller', async () => {
    {
      const endpoint = unique('echo');
      await createEndpoint(endpoint, {
        name: 'm',
        provider: 'custom',
        task: 'llm/v1/chat',
        custom_provider_config: {
          custom_provider_url: 'https://echo.fake/v1',
          bearer_token_auth: { token_plaintext: 'super-secret-provider-token' },
        },
      });
      const res = await call(
        'POST',
        '/ai-gateway/mlflow/v1/chat/completions',
        (await import('../helpers/gateway')).ADMIN,
        { model: endpoint, messages: [{ role: 'user', content: 'x' }] },
      );
      expect(res.status).toBe(401);
      expect(res.text).not.toContain('super-secret-provider-token');
      expect(res.json.error.message).toContain('[REDACTED]');
    }
  });
});
