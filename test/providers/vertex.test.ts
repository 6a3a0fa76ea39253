import Anthropic from '@anthropic-ai/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeGoogleOAuth } from '../fakes/google-oauth-upstream';
import { installFakeUpstreams } from '../fakes/router';
import { fakeVertex } from '../fakes/vertex-upstream';
import {
  ADMIN,
  call,
  createEndpoint,
  GW,
  putSecret,
  sdkFetch,
  unique,
  waitForUsage,
} from '../helpers/gateway';
import { adminOpenAI, collectChatStream } from '../helpers/openai-client';

// Google Vertex AI: service-account tokens minted with a JWT the fake token endpoint verifies,
// Claude through rawPredict behind the OpenAI and Anthropic SDKs, embeddings through predict.
// (Tool round trips and the SDK cells against Vertex are in test/matrix.)

const TOKEN_URI = 'https://oauth2.fake/token';
const oauth = fakeGoogleOAuth(TOKEN_URI);
const vertexFake = fakeVertex({ project: 'test-project', validToken: oauth.valid });
const fakes = installFakeUpstreams({
  'oauth2.fake': oauth.handler,
  'us-east5-aiplatform.googleapis.com': vertexFake,
  'aiplatform.googleapis.com': vertexFake,
});
afterAll(() => fakes.restore());

const claude = unique('vertex-claude');
const claudeGlobal = unique('vertex-claude-global');
const embed = unique('vertex-embed');
let keyRef: string;

const vertexConfig = (privateKey: string, region = 'us-east5') => ({
  private_key: privateKey,
  region,
  project_id: 'test-project',
});

beforeAll(async () => {
  const account = await oauth.addServiceAccount('gateway');
  keyRef = await putSecret('gcp', 'sa', account.keyJson);
  await createEndpoint(claude, {
    name: 'claude-sonnet-4@20250514',
    provider: 'google-cloud-vertex-ai',
    task: 'llm/v1/chat',
    google_cloud_vertex_ai_config: vertexConfig(keyRef),
  });
  await createEndpoint(claudeGlobal, {
    name: 'claude-sonnet-4@20250514',
    provider: 'google-cloud-vertex-ai',
    task: 'llm/v1/chat',
    google_cloud_vertex_ai_config: vertexConfig(keyRef, 'global'),
  });
  await createEndpoint(embed, {
    name: 'text-embedding-005',
    provider: 'google-cloud-vertex-ai',
    task: 'llm/v1/embeddings',
    google_cloud_vertex_ai_config: vertexConfig(keyRef),
  });
});

const lastVertexCall = () => [...fakes.calls].reverse().find((c) => c.url.includes('aiplatform'))!;
const anthropicClient = () =>
  new Anthropic({
    apiKey: 'dummy',
    baseURL: `${GW}/ai-gateway/anthropic`,
    fetch: sdkFetch,
    defaultHeaders: { Authorization: `Bearer ${ADMIN}` },
    maxRetries: 0,
  });

describe('Vertex AI Claude behind the OpenAI SDK', () => {
  it('chats through rawPredict with anthropic_version in the body and no model', async () => {
    const res = await adminOpenAI().chat.completions.create({
      model: claude,
      messages: [
        { role: 'system', content: 'be brief' },
        { role: 'user', content: 'hi vertex' },
      ],
    });
    expect(res.choices[0].message.content).toBe('echo: hi vertex');
    const upstream = lastVertexCall();
    expect(upstream.url).toBe(
      'https://us-east5-aiplatform.googleapis.com/v1/projects/test-project/locations/us-east5/publishers/anthropic/models/claude-sonnet-4%4020250514:rawPredict',
    );
    expect(upstream.headers.authorization).toMatch(/^Bearer ya29\./);
    const body = JSON.parse(upstream.body);
    expect(body).toMatchObject({ anthropic_version: 'vertex-2023-10-16', system: 'be brief' });
    expect(body.model).toBeUndefined();
  });

  it('uses the global host for region global', async () => {
    const res = await adminOpenAI().chat.completions.create({
      model: claudeGlobal,
      messages: [{ role: 'user', content: 'global' }],
    });
    expect(res.choices[0].message.content).toBe('echo: global');
    expect(lastVertexCall().url).toMatch(
      /^https:\/\/aiplatform\.googleapis\.com\/v1\/projects\/test-project\/locations\/global\//,
    );
  });

  it('streams through streamRawPredict', async () => {
    const stream = await adminOpenAI().chat.completions.create({
      model: claude,
      messages: [{ role: 'user', content: 'stream vertex' }],
      stream: true,
      stream_options: { include_usage: true },
    });
    const { text, finish, usage } = await collectChatStream(stream);
    expect(text).toBe('echo: stream vertex');
    expect(finish).toBe('stop');
    expect(usage?.prompt_tokens).toBeGreaterThan(0);
    expect(lastVertexCall().url).toMatch(/:streamRawPredict$/);
    const rows = await waitForUsage(claude, 1);
    expect(rows[0]).toMatchObject({ provider: 'google-cloud-vertex-ai', status_code: 200 });
  });
});

describe('Vertex AI Claude behind the Anthropic SDK', () => {
  it('passes a Messages body through to rawPredict (model out, anthropic_version in)', async () => {
    const msg = await anthropicClient().messages.create({
      model: claude,
      max_tokens: 100,
      messages: [{ role: 'user', content: 'hello anthropic' }],
    });
    expect(msg.content).toEqual([
      expect.objectContaining({ type: 'text', text: 'echo: hello anthropic' }),
    ]);
    const upstream = lastVertexCall();
    expect(upstream.headers['anthropic-version']).toBeUndefined();
    expect(JSON.parse(upstream.body)).toMatchObject({
      anthropic_version: 'vertex-2023-10-16',
      max_tokens: 100,
    });
  });

  it('counts tokens through the count-tokens model', async () => {
    const res = await anthropicClient().messages.countTokens({
      model: claude,
      messages: [{ role: 'user', content: 'count me' }],
    });
    expect(res.input_tokens).toBe(42);
    expect(lastVertexCall().url).toMatch(
      /\/publishers\/anthropic\/models\/count-tokens:rawPredict$/,
    );
    expect(JSON.parse(lastVertexCall().body).model).toBe('claude-sonnet-4@20250514');
  });
});

describe('Vertex AI embeddings', () => {
  it('embeds through predict with the task type and dimensions', async () => {
    const res = await call('POST', '/ai-gateway/mlflow/v1/embeddings', ADMIN, {
      model: embed,
      input: ['abc', 'hello'],
      input_type: 'search_query',
      dimensions: 2,
      encoding_format: 'float',
    });
    expect(res.json.data.map((d: any) => d.embedding)).toEqual([
      [3, 15],
      [5, 15],
    ]);
    expect(res.json.usage.prompt_tokens).toBe(8);
    expect(lastVertexCall().url).toMatch(
      /\/publishers\/google\/models\/text-embedding-005:predict$/,
    );
    expect(JSON.parse(lastVertexCall().body)).toEqual({
      instances: [
        { content: 'abc', task_type: 'RETRIEVAL_QUERY' },
        { content: 'hello', task_type: 'RETRIEVAL_QUERY' },
      ],
      parameters: { outputDimensionality: 2 },
    });
  });
});

describe('Vertex AI access tokens', () => {
  it('mints exactly one token for many concurrent requests and reuses it', async () => {
    const account = await oauth.addServiceAccount('burst');
    const endpoint = unique('vertex-burst');
    await createEndpoint(endpoint, {
      name: 'claude-sonnet-4@20250514',
      provider: 'google-cloud-vertex-ai',
      task: 'llm/v1/chat',
      google_cloud_vertex_ai_config: vertexConfig(await putSecret('gcp', 'burst', account.keyJson)),
    });
    const ask = (i: number) =>
      call('POST', '/ai-gateway/mlflow/v1/chat/completions', ADMIN, {
        model: endpoint,
        messages: [{ role: 'user', content: `n${i}` }],
      });
    const results = await Promise.all(Array.from({ length: 8 }, (_, i) => ask(i)));
    expect(results.map((r) => r.status)).toEqual(Array(8).fill(200));
    expect(oauth.minted.get(account.clientEmail)).toHaveLength(1);
    await ask(9);
    expect(oauth.minted.get(account.clientEmail)).toHaveLength(1);
  });

  it('refreshes a token that is about to expire', async () => {
    const account = await oauth.addServiceAccount('short', { expiresIn: 61 });
    const endpoint = unique('vertex-short');
    await createEndpoint(endpoint, {
      name: 'claude-sonnet-4@20250514',
      provider: 'google-cloud-vertex-ai',
      task: 'llm/v1/chat',
      google_cloud_vertex_ai_config: vertexConfig(await putSecret('gcp', 'short', account.keyJson)),
    });
    const ask = () =>
      call('POST', '/ai-gateway/mlflow/v1/chat/completions', ADMIN, {
        model: endpoint,
        messages: [{ role: 'user', content: 'x' }],
      });
    expect((await ask()).status).toBe(200);
    expect(oauth.minted.get(account.clientEmail)).toHaveLength(1);
    await new Promise((r) => setTimeout(r, 1100));
    expect((await ask()).status).toBe(200);
    const minted = oauth.minted.get(account.clientEmail)!;
    expect(minted).toHaveLength(2);
    expect(lastVertexCall().headers.authorization).toBe(`Bearer ${minted[1]}`);
  });

  it('answers a key the token endpoint rejects with a 401 in the caller dialect', async () => {
    const account = await oauth.addServiceAccount('tampered');
    // The key id no longer names the key that signs: Google rejects the assertion.
    const tampered = JSON.stringify({
      ...JSON.parse(account.keyJson),
      private_key_id: 'not-the-key-id',
    });
    const endpoint = unique('vertex-tampered');
    await createEndpoint(endpoint, {
      name: 'claude-sonnet-4@20250514',
      provider: 'google-cloud-vertex-ai',
      task: 'llm/v1/chat',
      google_cloud_vertex_ai_config: vertexConfig(await putSecret('gcp', 'tampered', tampered)),
    });
    const openai = await call('POST', '/ai-gateway/mlflow/v1/chat/completions', ADMIN, {
      model: endpoint,
      messages: [{ role: 'user', content: 'x' }],
    });
    expect(openai.status).toBe(401);
    expect(openai.json.error.message).toContain('kid');
    const anthropic = await call('POST', '/ai-gateway/anthropic/v1/messages', ADMIN, {
      model: endpoint,
      max_tokens: 10,
      messages: [{ role: 'user', content: 'x' }],
    });
    expect(anthropic.status).toBe(401);
    expect(anthropic.json).toMatchObject({
      type: 'error',
      error: { type: 'authentication_error' },
    });
  });

  it('answers a private_key that is not a service-account JSON with a clean 502', async () => {
    const endpoint = unique('vertex-notjson');
    await createEndpoint(endpoint, {
      name: 'claude-sonnet-4@20250514',
      provider: 'google-cloud-vertex-ai',
      task: 'llm/v1/chat',
      google_cloud_vertex_ai_config: vertexConfig(
        await putSecret('gcp', 'notjson', '-----BEGIN PRIVATE KEY-----'),
      ),
    });
    const res = await call('POST', '/ai-gateway/mlflow/v1/chat/completions', ADMIN, {
      model: endpoint,
      messages: [{ role: 'user', content: 'x' }],
    });
    expect(res.status).toBe(502);
    expect(res.json.error.message).toContain('not a service-account key JSON');
    expect(res.json.error.message).not.toContain('BEGIN PRIVATE KEY');
  });
});
