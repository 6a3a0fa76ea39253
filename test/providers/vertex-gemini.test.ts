import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeGemini, lastUserText } from '../fakes/gemini-upstream';
import { fakeGoogleOAuth } from '../fakes/google-oauth-upstream';
import { installFakeUpstreams } from '../fakes/router';
import { fakeVertex } from '../fakes/vertex-upstream';
import { ADMIN, call, createEndpoint, putSecret, unique } from '../helpers/gateway';
import { adminOpenAI, collectChatStream } from '../helpers/openai-client';

// Gemini models on Vertex AI behind the OpenAI SDK: what generateContent /
// streamGenerateContent?alt=sse receive, and safety finishes. (The SDK cells, @google/genai
// passed through included, are in test/matrix.)

function geminiReply(body: any) {
  if (lastUserText(body) === 'unsafe') return { finishReason: 'SAFETY' };
  return { text: `echo: ${lastUserText(body)}` };
}

const oauth = fakeGoogleOAuth('https://oauth2.fake/token');
const fakes = installFakeUpstreams({
  'oauth2.fake': oauth.handler,
  'us-central1-aiplatform.googleapis.com': fakeVertex({
    project: 'test-project',
    validToken: oauth.valid,
    gemini: fakeGemini({ reply: geminiReply }),
  }),
});
afterAll(() => fakes.restore());

const gemini = unique('vertex-gemini');
const lastVertexCall = () => [...fakes.calls].reverse().find((c) => c.url.includes('aiplatform'))!;
const MODEL_PATH =
  'https://us-central1-aiplatform.googleapis.com/v1/projects/test-project/locations/us-central1/publishers/google/models/gemini-2.5-flash';

beforeAll(async () => {
  const account = await oauth.addServiceAccount('gemini');
  await createEndpoint(gemini, {
    name: 'gemini-2.5-flash',
    provider: 'google-cloud-vertex-ai',
    task: 'llm/v1/chat',
    google_cloud_vertex_ai_config: {
      private_key: await putSecret('gcp', 'gemini', account.keyJson),
      region: 'us-central1',
      project_id: 'test-project',
    },
  });
});

describe('Vertex AI Gemini behind the OpenAI SDK', () => {
  it('chats through generateContent with roles and a system instruction', async () => {
    const res = await adminOpenAI().chat.completions.create({
      model: gemini,
      messages: [
        { role: 'system', content: 'be brief' },
        { role: 'user', content: 'hi gemini' },
      ],
    });
    expect(res.choices[0].message.content).toBe('echo: hi gemini');
    expect(res.usage).toMatchObject({ prompt_tokens: 12, completion_tokens: 5 });
    expect(lastVertexCall().url).toBe(`${MODEL_PATH}:generateContent`);
    expect(JSON.parse(lastVertexCall().body)).toMatchObject({
      systemInstruction: { parts: [{ text: 'be brief' }] },
      contents: [{ role: 'user', parts: [{ text: 'hi gemini' }] }],
    });
  });

  it('streams through streamGenerateContent?alt=sse', async () => {
    const stream = await adminOpenAI().chat.completions.create({
      model: gemini,
      messages: [{ role: 'user', content: 'stream gemini' }],
      stream: true,
      stream_options: { include_usage: true },
    });
    const { text, finish, usage } = await collectChatStream(stream);
    expect(text).toBe('echo: stream gemini');
    expect(finish).toBe('stop');
    expect(usage?.total_tokens).toBe(17);
    expect(lastVertexCall().url).toBe(`${MODEL_PATH}:streamGenerateContent?alt=sse`);
  });

  it('maps a SAFETY finish to content_filter', async () => {
    const res = await call('POST', '/ai-gateway/mlflow/v1/chat/completions', ADMIN, {
      model: gemini,
      messages: [{ role: 'user', content: 'unsafe' }],
    });
    expect(res.status).toBe(200);
    expect(res.json.choices[0].finish_reason).toBe('content_filter');
  });
});
