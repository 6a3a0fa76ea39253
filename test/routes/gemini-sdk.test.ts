import { GoogleGenAI, type Content, type FunctionDeclaration } from '@google/genai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createEndpoint, GW, putSecret, sdkFetch, tokenFor, unique, waitForUsage } from '../helpers/gateway';
import { fakeOpenAI } from '../fakes/openai-upstream';
import { installFakeUpstreams } from '../fakes/router';

// The official @google/genai client on the Gemini route, translated to an OpenAI-format provider.

const weatherTool: FunctionDeclaration = {
  name: 'get_weather',
  description: 'Weather for a city',
  parametersJsonSchema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
};

/** Calls get_weather until a tool result is in the history, then answers with it. */
function weatherReply(body: any) {
  const tool = body.messages.find((m: any) => m.role === 'tool');
  if (tool) return { text: `It is ${tool.content} there.` };
  if (body.tools?.length) return { toolCalls: [{ name: 'get_weather', arguments: '{"city":"Paris"}' }] };
  const system = body.messages.find((m: any) => m.role === 'system');
  const last = body.messages.at(-1);
  return { text: `${system ? `[${system.content}] ` : ''}echo: ${typeof last.content === 'string' ? last.content : last.content.map((p: any) => p.text).join('')}` };
}

const fakes = installFakeUpstreams({ 'api.openai.fake': fakeOpenAI({ apiKey: 'sk-gemini-test', reply: weatherReply }) });
afterAll(() => fakes.restore());

const endpoint = unique('gem-openai');
let token: string;

beforeAll(async () => {
  const ref = await putSecret('gemini', 'openai', 'sk-gemini-test');
  await createEndpoint(endpoint, {
    name: 'gpt-4o-mini',
    provider: 'openai',
    task: 'llm/v1/chat',
    openai_config: { openai_api_key: ref, openai_api_base: 'https://api.openai.fake/v1' },
  });
  token = await tokenFor('gina', { [endpoint]: 'CAN_QUERY' });
});

const client = () =>
  new GoogleGenAI({ apiKey: 'dummy', httpOptions: { baseUrl: `${GW}/ai-gateway/gemini`, headers: { Authorization: `Bearer ${token}` }, fetch: sdkFetch } });

describe('Gemini SDK → OpenAI endpoint', () => {
  it('generateContent with a system instruction', async () => {
    const res = await client().models.generateContent({ model: endpoint, contents: 'hello gemini', config: { systemInstruction: 'be brief' } });
    expect(res.text).toBe('[be brief] echo: hello gemini');
    expect(res.candidates?.[0].finishReason).toBe('STOP');
    expect(res.usageMetadata).toMatchObject({ promptTokenCount: 11, candidatesTokenCount: 7, totalTokenCount: 18, cachedContentTokenCount: 3 });
    const upstream = JSON.parse(fakes.calls.at(-1)!.body);
    expect(upstream.messages[0]).toEqual({ role: 'system', content: 'be brief' });
    expect(upstream.model).toBe('gpt-4o-mini');
  });

  it('generateContentStream', async () => {
    const stream = await client().models.generateContentStream({ model: endpoint, contents: 'stream this please' });
    let text = '';
    let chunks = 0;
    let last: any;
    for await (const chunk of stream) {
      chunks++;
      text += chunk.text ?? '';
      last = chunk;
    }
    expect(text).toBe('echo: stream this please');
    expect(chunks).toBeGreaterThan(2);
    expect(last.candidates[0].finishReason).toBe('STOP');
    expect(last.usageMetadata).toMatchObject({ promptTokenCount: 11, candidatesTokenCount: 7, totalTokenCount: 18 });
    const rows = await waitForUsage(endpoint, 1);
    expect(rows.find((r) => r.streaming)).toMatchObject({ status_code: 200, input_tokens: 11, output_tokens: 7, api_type: 'gemini/generateContent' });
  });

  it.each([[false], [true]])('function calling round trip (stream: %s)', async (stream) => {
    const config = { tools: [{ functionDeclarations: [weatherTool] }] };
    const contents: Content[] = [{ role: 'user', parts: [{ text: 'Weather in Paris?' }] }];
    let calls: any[] = [];
    let modelContent: Content | undefined;
    if (stream) {
      const parts: any[] = [];
      for await (const chunk of await client().models.generateContentStream({ model: endpoint, contents, config })) parts.push(...(chunk.candidates?.[0].content?.parts ?? []));
      modelContent = { role: 'model', parts };
      calls = parts.filter((p) => p.functionCall).map((p) => p.functionCall);
    } else {
      const res = await client().models.generateContent({ model: endpoint, contents, config });
      modelContent = res.candidates![0].content;
      calls = res.functionCalls ?? [];
    }
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({ name: 'get_weather', args: { city: 'Paris' } });
    const answer = await client().models.generateContent({
      model: endpoint,
      contents: [...contents, modelContent!, { role: 'user', parts: [{ functionResponse: { name: 'get_weather', response: { result: 'sunny' } } }] }],
      config,
    });
    expect(answer.text).toBe('It is sunny there.');
    const upstream = JSON.parse(fakes.calls.at(-1)!.body);
    const assistant = upstream.messages.find((m: any) => m.role === 'assistant');
    const toolMessage = upstream.messages.find((m: any) => m.role === 'tool');
    expect(toolMessage.tool_call_id).toBe(assistant.tool_calls[0].id);
    expect(upstream.tools[0].function).toEqual({ name: 'get_weather', description: 'Weather for a city', parameters: weatherTool.parametersJsonSchema });
  });
});

describe('Gemini route auth and errors', () => {
  const body = { contents: [{ role: 'user', parts: [{ text: 'key auth' }] }] };
  it('accepts the token as x-goog-api-key and as ?key=', async () => {
    const header = await call('POST', `/ai-gateway/gemini/v1beta/models/${endpoint}:generateContent`, null, body, { 'x-goog-api-key': token });
    expect(header.status).toBe(200);
    expect(header.json.candidates[0].content.parts[0].text).toBe('echo: key auth');
    const query = await call('POST', `/ai-gateway/gemini/v1beta/models/${endpoint}:generateContent?key=${token}`, null, body);
    expect(query.status).toBe(200);
  });

  it('answers a bad key, an unknown endpoint and a bad body in the Google error shape', async () => {
    const bad = await call('POST', `/ai-gateway/gemini/v1beta/models/${endpoint}:generateContent`, null, body, { 'x-goog-api-key': 'nope' });
    expect(bad.status).toBe(401);
    expect(bad.json.error).toMatchObject({ code: 401, status: 'UNAUTHENTICATED' });
    const missing = await call('POST', '/ai-gateway/gemini/v1beta/models/no-such-endpoint:generateContent', token, body);
    expect(missing.status).toBe(404);
    expect(missing.json.error.status).toBe('NOT_FOUND');
    const malformed = await call('POST', `/ai-gateway/gemini/v1beta/models/${endpoint}:generateContent`, token, { contents: [{ role: 'robot', parts: [] }] });
    expect(malformed.status).toBe(400);
    expect(malformed.json.error).toMatchObject({ code: 400, status: 'INVALID_ARGUMENT' });
    expect(malformed.json.error.message).toContain('contents[0].role');
    const action = await call('POST', `/ai-gateway/gemini/v1beta/models/${endpoint}:predict`, token, body);
    expect(action.status).toBe(404);
  });

  it('streams a JSON array without alt=sse', async () => {
    const res = await call('POST', `/ai-gateway/gemini/v1beta/models/${endpoint}:streamGenerateContent`, token, body);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/json');
    expect(Array.isArray(res.json)).toBe(true);
    expect(res.json.map((c: any) => c.candidates[0].content.parts.map((p: any) => p.text).join('')).join('')).toBe('echo: key auth');
    expect(res.json.at(-1).candidates[0].finishReason).toBe('STOP');
  });
});
