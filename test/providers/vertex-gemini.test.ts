import { GoogleGenAI } from '@google/genai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeGemini, lastUserText } from '../fakes/gemini-upstream';
import { fakeGoogleOAuth } from '../fakes/google-oauth-upstream';
import { installFakeUpstreams } from '../fakes/router';
import { fakeVertex } from '../fakes/vertex-upstream';
import { ADMIN, call, createEndpoint, GW, putSecret, sdkFetch, unique } from '../helpers/gateway';
import { adminOpenAI, collectChatStream, WEATHER_TOOL } from '../helpers/openai-client';

// Gemini models on Vertex AI: generateContent / streamGenerateContent?alt=sse with the gemini
// codec behind the OpenAI SDK (translated) and the @google/genai SDK (passed through).

function geminiReply(body: any) {
  const response = body.contents.at(-1).parts.find((p: any) => p.functionResponse)?.functionResponse?.response;
  if (response) return { text: `tool said ${response.result ?? response.content ?? response.output ?? JSON.stringify(response)}` };
  if (lastUserText(body) === 'unsafe') return { finishReason: 'SAFETY' };
  const declarations = (body.tools ?? []).flatMap((t: any) => t.functionDeclarations ?? []);
  if (declarations.length && body.toolConfig?.functionCallingConfig?.mode !== 'NONE') return { toolCalls: [{ name: declarations[0].name, args: { city: 'Paris' } }] };
  return { text: `echo: ${lastUserText(body)}` };
}

const oauth = fakeGoogleOAuth('https://oauth2.fake/token');
const fakes = installFakeUpstreams({
  'oauth2.fake': oauth.handler,
  'us-central1-aiplatform.googleapis.com': fakeVertex({ project: 'test-project', validToken: oauth.valid, gemini: fakeGemini({ reply: geminiReply }) }),
});
afterAll(() => fakes.restore());

const gemini = unique('vertex-gemini');
const lastVertexCall = () => [...fakes.calls].reverse().find((c) => c.url.includes('aiplatform'))!;
const MODEL_PATH = 'https://us-central1-aiplatform.googleapis.com/v1/projects/test-project/locations/us-central1/publishers/google/models/gemini-2.5-flash';

beforeAll(async () => {
  const account = await oauth.addServiceAccount('gemini');
  await createEndpoint(gemini, {
    name: 'gemini-2.5-flash',
    provider: 'google-cloud-vertex-ai',
    task: 'llm/v1/chat',
    google_cloud_vertex_ai_config: { private_key: await putSecret('gcp', 'gemini', account.keyJson), region: 'us-central1', project_id: 'test-project' },
  });
});

describe('Vertex AI Gemini behind the OpenAI SDK', () => {
  it('chats through generateContent with roles and a system instruction', async () => {
    const res = await adminOpenAI().chat.completions.create({ model: gemini, messages: [{ role: 'system', content: 'be brief' }, { role: 'user', content: 'hi gemini' }] });
    expect(res.choices[0].message.content).toBe('echo: hi gemini');
    expect(res.usage).toMatchObject({ prompt_tokens: 12, completion_tokens: 5 });
    expect(lastVertexCall().url).toBe(`${MODEL_PATH}:generateContent`);
    expect(JSON.parse(lastVertexCall().body)).toMatchObject({ systemInstruction: { parts: [{ text: 'be brief' }] }, contents: [{ role: 'user', parts: [{ text: 'hi gemini' }] }] });
  });

  it('streams through streamGenerateContent?alt=sse', async () => {
    const stream = await adminOpenAI().chat.completions.create({ model: gemini, messages: [{ role: 'user', content: 'stream gemini' }], stream: true, stream_options: { include_usage: true } });
    const { text, finish, usage } = await collectChatStream(stream);
    expect(text).toBe('echo: stream gemini');
    expect(finish).toBe('stop');
    expect(usage?.total_tokens).toBe(17);
    expect(lastVertexCall().url).toBe(`${MODEL_PATH}:streamGenerateContent?alt=sse`);
  });

  it('round-trips a function call', async () => {
    const first = await adminOpenAI().chat.completions.create({ model: gemini, tools: [WEATHER_TOOL], messages: [{ role: 'user', content: 'weather?' }] });
    expect(first.choices[0].finish_reason).toBe('tool_calls');
    const toolCall = first.choices[0].message.tool_calls![0] as { id: string; function: { name: string; arguments: string } };
    expect(JSON.parse(toolCall.function.arguments)).toEqual({ city: 'Paris' });
    const second = await adminOpenAI().chat.completions.create({
      model: gemini,
      tools: [WEATHER_TOOL],
      messages: [{ role: 'user', content: 'weather?' }, first.choices[0].message, { role: 'tool', tool_call_id: toolCall.id, content: 'sunny' }],
    });
    expect(second.choices[0].message.content).toBe('tool said sunny');
  });

  it('maps a SAFETY finish to content_filter', async () => {
    const res = await call('POST', '/ai-gateway/mlflow/v1/chat/completions', ADMIN, { model: gemini, messages: [{ role: 'user', content: 'unsafe' }] });
    expect(res.status).toBe(200);
    expect(res.json.choices[0].finish_reason).toBe('content_filter');
  });
});

describe('Vertex AI Gemini behind the @google/genai SDK', () => {
  const genai = () => new GoogleGenAI({ apiKey: 'dummy', httpOptions: { baseUrl: `${GW}/ai-gateway/gemini`, headers: { Authorization: `Bearer ${ADMIN}` }, fetch: sdkFetch } });

  it('generates content (passed through, with a role on every content)', async () => {
    const res = await genai().models.generateContent({ model: gemini, contents: 'hello vertex' });
    expect(res.text).toBe('echo: hello vertex');
    expect(lastVertexCall().url).toBe(`${MODEL_PATH}:generateContent`);
    expect(JSON.parse(lastVertexCall().body).contents[0].role).toBe('user');
  });

  it('streams content', async () => {
    let text = '';
    for await (const chunk of await genai().models.generateContentStream({ model: gemini, contents: 'streaming vertex' })) text += chunk.text ?? '';
    expect(text).toBe('echo: streaming vertex');
    expect(lastVertexCall().url).toBe(`${MODEL_PATH}:streamGenerateContent?alt=sse`);
  });
});
