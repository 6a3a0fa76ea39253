import Anthropic from '@anthropic-ai/sdk';
import { GoogleGenAI } from '@google/genai';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeOpenAI } from '../fakes/openai-upstream';
import { openAIWeatherBot } from '../fakes/openai-weather-bot';
import { installFakeUpstreams } from '../fakes/router';
import { createEndpoint, GW, sdkFetch, tokenFor, unique } from '../helpers/gateway';

// The Anthropic and Gemini SDKs and the Responses API against the other OpenAI-format providers: custom (api-key header),
// Databricks model serving and AI21. Same translation as for openai, different URLs and auth.

const fakes = installFakeUpstreams({
  'custom.fake': fakeOpenAI({ apiKey: 'custom-secret', keyHeader: 'x-custom-key', reply: openAIWeatherBot }),
  'dbc.fake': fakeOpenAI({ apiKey: 'dapi-secret', reply: openAIWeatherBot }),
  'ai21.fake': fakeOpenAI({ apiKey: 'ai21-secret', reply: openAIWeatherBot }),
});
afterAll(() => fakes.restore());

const endpoints = { custom: unique('ac-custom'), databricks: unique('ac-dbx'), ai21labs: unique('ac-ai21') };
let token: string;

beforeAll(async () => {
  await createEndpoint(endpoints.custom, {
    name: 'my-llama', provider: 'custom', task: 'llm/v1/chat',
    custom_provider_config: { custom_provider_url: 'https://custom.fake/v1', api_key_auth: { key: 'x-custom-key', value_plaintext: 'custom-secret' } },
  });
  await createEndpoint(endpoints.databricks, {
    name: 'llama-serving', provider: 'databricks-model-serving', task: 'llm/v1/chat',
    databricks_model_serving_config: { databricks_workspace_url: 'https://dbc.fake', databricks_api_token_plaintext: 'dapi-secret' },
  });
  await createEndpoint(endpoints.ai21labs, {
    name: 'jamba-1.5-mini', provider: 'ai21labs', task: 'llm/v1/chat',
    ai21labs_config: { ai21labs_api_key_plaintext: 'ai21-secret', ai21labs_api_base: 'https://ai21.fake/studio/v1' },
  });
  token = await tokenFor('erin', Object.fromEntries(Object.values(endpoints).map((e) => [e, 'CAN_QUERY' as const])));
});

const client = () => new Anthropic({ apiKey: 'dummy', baseURL: `${GW}/ai-gateway/anthropic`, fetch: sdkFetch, defaultHeaders: { Authorization: `Bearer ${token}` }, maxRetries: 0 });
const weatherTool: Anthropic.Tool = { name: 'get_weather', input_schema: { type: 'object', properties: { city: { type: 'string' } } } };

describe.each([['custom'], ['databricks'], ['ai21labs']] as const)('Anthropic SDK against the %s endpoint', (kind) => {
  it('creates and streams messages', async () => {
    const msg = await client().messages.create({ model: endpoints[kind], max_tokens: 64, messages: [{ role: 'user', content: 'hi there' }] });
    expect(msg.content).toEqual([expect.objectContaining({ type: 'text', text: 'echo: hi there' })]);
    const streamed = await client().messages.stream({ model: endpoints[kind], max_tokens: 64, messages: [{ role: 'user', content: 'stream it' }] }).finalMessage();
    expect(streamed.content[0]).toMatchObject({ type: 'text', text: 'echo: stream it' });
    expect(streamed.usage).toMatchObject({ input_tokens: 8, cache_read_input_tokens: 3, output_tokens: 7 });
  });

  it('runs a streamed tool round trip', async () => {
    const messages: Anthropic.MessageParam[] = [{ role: 'user', content: 'Weather?' }];
    const first = await client().messages.stream({ model: endpoints[kind], max_tokens: 64, tools: [weatherTool], messages }).finalMessage();
    const use = first.content.find((b): b is Anthropic.ToolUseBlock => b.type === 'tool_use')!;
    expect(use.input).toEqual({ city: 'Paris' });
    messages.push({ role: 'assistant', content: first.content as Anthropic.ContentBlockParam[] }, { role: 'user', content: [{ type: 'tool_result', tool_use_id: use.id, content: 'windy' }] });
    const second = await client().messages.stream({ model: endpoints[kind], max_tokens: 64, tools: [weatherTool], messages }).finalMessage();
    expect(second.content[0]).toMatchObject({ type: 'text', text: 'weather: windy' });
    const host = { custom: 'custom.fake/v1/chat/completions', databricks: 'dbc.fake/serving-endpoints/llama-serving/invocations', ai21labs: 'ai21.fake/studio/v1/chat/completions' }[kind];
    expect(fakes.calls.at(-1)!.url).toBe(`https://${host}`);
  });
});

// The rest of the SDK matrix on the same endpoints: Gemini generate/stream and OpenAI Responses.
const gemini = () => new GoogleGenAI({ apiKey: 'dummy', httpOptions: { baseUrl: `${GW}/ai-gateway/gemini`, headers: { Authorization: `Bearer ${token}` }, fetch: sdkFetch } });
const openai = () => new OpenAI({ apiKey: token, baseURL: `${GW}/ai-gateway/mlflow/v1`, fetch: sdkFetch, maxRetries: 0 });

describe.each([['custom'], ['databricks'], ['ai21labs']] as const)('Gemini SDK and Responses API against the %s endpoint', (kind) => {
  it('generates and streams with @google/genai', async () => {
    const res = await gemini().models.generateContent({ model: endpoints[kind], contents: 'hi gemini' });
    expect(res.text).toBe('echo: hi gemini');
    let text = '';
    for await (const chunk of await gemini().models.generateContentStream({ model: endpoints[kind], contents: 'stream gemini' })) text += chunk.text ?? '';
    expect(text).toBe('echo: stream gemini');
  });

  // custom endpoints pass /responses through untranslated; test/routes/openai-responses.test.ts covers them.
  it.skipIf(kind === 'custom')('answers the Responses API, streamed and not', async () => {
    const res = await openai().responses.create({ model: endpoints[kind], input: 'hi responses' });
    expect(res.output_text).toBe('echo: hi responses');
    const stream = openai().responses.stream({ model: endpoints[kind], input: 'stream responses' });
    expect((await stream.finalResponse()).output_text).toBe('echo: stream responses');
  });
});
