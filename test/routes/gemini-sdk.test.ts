import { GoogleGenAI, type Content, type FunctionDeclaration, type Part } from '@google/genai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeAnthropic } from '../fakes/anthropic-upstream';
import { fakeOpenAI } from '../fakes/openai-upstream';
import { installFakeUpstreams } from '../fakes/router';
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

// The official @google/genai client on the Gemini route, translated to an OpenAI-format and an
// Anthropic-format endpoint: generateContent, streams, system instructions, function calling.

const weatherTool: FunctionDeclaration = {
  name: 'get_weather',
  description: 'Weather for a city',
  parametersJsonSchema: {
    type: 'object',
    properties: { city: { type: 'string' } },
    required: ['city'],
  },
};

const textOf = (content: unknown): string =>
  typeof content === 'string'
    ? content
    : Array.isArray(content)
      ? content.map((p: any) => p.text ?? '').join('')
      : '';

/** What both fakes answer: a tool result is read back, an offered tool is called, else an echo with the system prompt. */
function script(
  system: string,
  lastUser: string,
  toolResult: string | undefined,
  offersTool: boolean,
) {
  if (toolResult !== undefined) return { text: `It is ${toolResult} there.` };
  if (offersTool) return { call: true };
  return { text: `${system ? `[${system}] ` : ''}echo: ${lastUser}` };
}

const fakes = installFakeUpstreams({
  'api.openai.fake': fakeOpenAI({
    apiKey: 'sk-gemini-openai',
    reply(body) {
      const last = body.messages.at(-1);
      const system = body.messages
        .filter((m: any) => m.role === 'system')
        .map((m: any) => textOf(m.content))
        .join(' ');
      const user = [...body.messages].reverse().find((m: any) => m.role === 'user');
      const r = script(
        system,
        textOf(user?.content),
        last.role === 'tool' ? textOf(last.content) : undefined,
        !!body.tools?.length,
      );
      return r.call
        ? { toolCalls: [{ name: 'get_weather', arguments: '{"city":"Paris"}' }] }
        : { text: r.text };
    },
  }),
  'api.anthropic.fake': fakeAnthropic({
    apiKey: 'sk-gemini-anthropic',
    reply(body) {
      const last = body.messages.at(-1);
      const blocks =
        typeof last.content === 'string' ? [{ type: 'text', text: last.content }] : last.content;
      const result = blocks.find((b: any) => b.type === 'tool_result');
      const system =
        typeof body.system === 'string'
          ? body.system
          : (body.system ?? []).map((b: any) => b.text).join(' ');
      const r = script(
        system,
        blocks
          .filter((b: any) => b.type === 'text')
          .map((b: any) => b.text)
          .join(''),
        result ? textOf(result.content) : undefined,
        !!body.tools?.length,
      );
      return r.call
        ? { toolCalls: [{ name: 'get_weather', input: { city: 'Paris' } }] }
        : { text: r.text };
    },
  }),
});
afterAll(() => fakes.restore());

const endpoints = { openai: unique('gem-gpt'), anthropic: unique('gem-claude') };
let token: string;

beforeAll(async () => {
  await createEndpoint(endpoints.openai, {
    name: 'gpt-4o-mini',
    provider: 'openai',
    task: 'llm/v1/chat',
    openai_config: {
      openai_api_key: await putSecret('gemini', 'openai', 'sk-gemini-openai'),
      openai_api_base: 'https://api.openai.fake/v1',
    },
  });
  await createEndpoint(endpoints.anthropic, {
    name: 'claude-sonnet-4-5',
    provider: 'anthropic',
    task: 'llm/v1/chat',
    anthropic_config: {
      anthropic_api_key: await putSecret('gemini', 'anthropic', 'sk-gemini-anthropic'),
      anthropic_api_base: 'https://api.anthropic.fake',
    },
  });
  token = await tokenFor('gina', {
    [endpoints.openai]: 'CAN_QUERY',
    [endpoints.anthropic]: 'CAN_QUERY',
  });
});

/** As the seeds say: a dummy key and the gateway token as Bearer. */
const client = () =>
  new GoogleGenAI({
    apiKey: 'dummy',
    httpOptions: {
      baseUrl: `${GW}/ai-gateway/gemini`,
      headers: { Authorization: `Bearer ${token}` },
      fetch: sdkFetch,
    },
  });

const lastUpstream = (kind: 'openai' | 'anthropic') =>
  JSON.parse([...fakes.calls].reverse().find((c) => c.url.includes(`api.${kind}.fake`))!.body);

/** Streams a request and gathers the model's parts, as a chat client keeps them for the next turn. */
async function streamParts(
  model: string,
  contents: Content[],
  config: Record<string, unknown> = {},
) {
  const parts: Part[] = [];
  let last: any;
  let chunks = 0;
  for await (const chunk of await client().models.generateContentStream({
    model,
    contents,
    config,
  })) {
    chunks++;
    parts.push(...(chunk.candidates?.[0].content?.parts ?? []));
    last = chunk;
  }
  return { parts, last, chunks };
}

describe.each([['openai'], ['anthropic']] as const)(
  'Gemini SDK against the %s endpoint',
  (kind) => {
    const model = () => endpoints[kind];

    it('generateContent with a system instruction', async () => {
      const res = await client().models.generateContent({
        model: model(),
        contents: 'hello gemini',
        config: { systemInstruction: 'be brief' },
      });
      expect(res.text).toBe('[be brief] echo: hello gemini');
      expect(res.candidates?.[0].finishReason).toBe('STOP');
      expect(res.usageMetadata).toMatchObject(
        kind === 'openai'
          ? {
              promptTokenCount: 11,
              candidatesTokenCount: 7,
              totalTokenCount: 18,
              cachedContentTokenCount: 3,
            }
          : { promptTokenCount: 21, candidatesTokenCount: 9, totalTokenCount: 30 },
      );
      const upstream = lastUpstream(kind);
      if (kind === 'openai')
        expect(upstream.messages[0]).toEqual({ role: 'system', content: 'be brief' });
      else expect(upstream.system).toEqual('be brief');
    });

    it('generateContentStream, with usage on the last chunk and in the usage row', async () => {
      const { parts, last, chunks } = await streamParts(model(), [
        { role: 'user', parts: [{ text: 'stream this please' }] },
      ]);
      expect(parts.map((p) => p.text).join('')).toBe('echo: stream this please');
      expect(chunks).toBeGreaterThan(2);
      expect(last.candidates[0].finishReason).toBe('STOP');
      expect(last.usageMetadata.totalTokenCount).toBe(kind === 'openai' ? 18 : 30);
      const rows = await waitForUsage(model(), 1, (r) => r.streaming);
      expect(rows[0]).toMatchObject({
        status_code: 200,
        api_type: 'gemini/generateContent',
        total_tokens: kind === 'openai' ? 18 : 30,
      });
    });

    it.each([[false], [true]])('function calling round trip (stream: %s)', async (stream) => {
      const config = { tools: [{ functionDeclarations: [weatherTool] }] };
      const contents: Content[] = [{ role: 'user', parts: [{ text: 'Weather in Paris?' }] }];
      let modelContent: Content;
      if (stream)
        modelContent = {
          role: 'model',
          parts: (await streamParts(model(), contents, config)).parts,
        };
      else
        modelContent = (await client().models.generateContent({ model: model(), contents, config }))
          .candidates![0].content!;
      const calls = modelContent.parts!.filter((p) => p.functionCall).map((p) => p.functionCall!);
      expect(calls).toHaveLength(1);
      expect(calls[0]).toMatchObject({ name: 'get_weather', args: { city: 'Paris' } });
      const answer = await client().models.generateContent({
        model: model(),
        contents: [
          ...contents,
          modelContent,
          {
            role: 'user',
            parts: [{ functionResponse: { name: 'get_weather', response: { result: 'sunny' } } }],
          },
        ],
        config,
      });
      expect(answer.text).toBe('It is sunny there.');
      const upstream = lastUpstream(kind);
      if (kind === 'openai') {
        const assistant = upstream.messages.find((m: any) => m.role === 'assistant');
        expect(upstream.messages.find((m: any) => m.role === 'tool').tool_call_id).toBe(
          assistant.tool_calls[0].id,
        );
        expect(upstream.tools[0].function).toEqual({
          name: 'get_weather',
          description: 'Weather for a city',
          parameters: weatherTool.parametersJsonSchema,
        });
      } else {
        expect(upstream.tools[0]).toMatchObject({
          name: 'get_weather',
          input_schema: weatherTool.parametersJsonSchema,
        });
      }
    });

    it('a Gemini CLI turn: systemInstruction with role, parametersJsonSchema, ids, thoughtSignature, includeThoughts', async () => {
      const body = {
        systemInstruction: { role: 'user', parts: [{ text: 'You are a CLI.' }] },
        contents: [
          { role: 'user', parts: [{ text: 'Weather in Paris?' }] },
          {
            role: 'model',
            parts: [
              {
                functionCall: { id: 'cli-call-1', name: 'get_weather', args: { city: 'Paris' } },
                thoughtSignature: 'skip_thought_signature_validator',
              },
            ],
          },
          {
            role: 'user',
            parts: [
              {
                functionResponse: {
                  id: 'cli-call-1',
                  name: 'get_weather',
                  response: { output: 'rainy' },
                },
              },
            ],
          },
        ],
        tools: [
          {
            functionDeclarations: [
              {
                ...weatherTool,
                parametersJsonSchema: {
                  $schema: 'http://json-schema.org/draft-07/schema#',
                  additionalProperties: false,
                  ...(weatherTool.parametersJsonSchema as object),
                },
              },
            ],
          },
        ],
        generationConfig: { temperature: 0, topP: 1, thinkingConfig: { includeThoughts: true } },
      };
      const res = await call(
        'POST',
        `/ai-gateway/gemini/v1beta/models/${model()}:streamGenerateContent?alt=sse`,
        null,
        body,
        { 'x-goog-api-key': token, 'user-agent': 'GeminiCLI/0.61.0' },
      );
      expect(res.status).toBe(200);
      const chunks = res.text
        .split(/\r?\n\r?\n/)
        .filter(Boolean)
        .map((f) => JSON.parse(f.replace(/^data: /, '')));
      expect(
        chunks
          .map((c) => c.candidates[0].content.parts.map((p: any) => p.text ?? '').join(''))
          .join(''),
      ).toBe('It is {"output":"rainy"} there.');
      const upstream = lastUpstream(kind);
      if (kind === 'openai') {
        expect(upstream.messages[0]).toEqual({ role: 'system', content: 'You are a CLI.' });
        expect(upstream.messages[2]).toMatchObject({
          role: 'assistant',
          tool_calls: [{ id: 'cli-call-1' }],
        });
        expect(upstream.messages[3]).toMatchObject({ role: 'tool', tool_call_id: 'cli-call-1' });
      } else {
        expect(upstream.system).toBe('You are a CLI.');
        expect(upstream.messages[1].content[0]).toMatchObject({
          type: 'tool_use',
          id: 'cli-call-1',
          input: { city: 'Paris' },
        });
        expect(upstream.messages[2].content[0]).toMatchObject({
          type: 'tool_result',
          tool_use_id: 'cli-call-1',
        });
        expect(upstream.thinking).toBeUndefined();
      }
      const rows = await waitForUsage(model(), 1, (r) => r.user_agent === 'GeminiCLI/0.61.0');
      expect(rows).toHaveLength(1);
    });
  },
);

describe('Gemini SDK thinking against the anthropic endpoint', () => {
  it.each([[false], [true]])(
    'thought parts carry the Anthropic signature back on the next turn (stream: %s)',
    async (stream) => {
      const config = {
        tools: [{ functionDeclarations: [weatherTool] }],
        thinkingConfig: { thinkingBudget: 2048, includeThoughts: true },
      };
      const contents: Content[] = [{ role: 'user', parts: [{ text: 'Weather in Paris?' }] }];
      const parts = stream
        ? (await streamParts(endpoints.anthropic, contents, config)).parts
        : (await client().models.generateContent({ model: endpoints.anthropic, contents, config }))
            .candidates![0].content!.parts!;
      expect(lastUpstream('anthropic').thinking).toEqual({ type: 'enabled', budget_tokens: 2048 });
      expect(
        parts
          .filter((p) => p.thought)
          .map((p) => p.text)
          .join(''),
      ).toBe('Let me think about this.');
      expect(parts.some((p) => p.thought && p.thoughtSignature)).toBe(true);
      const answer = await client().models.generateContent({
        model: endpoints.anthropic,
        contents: [
          ...contents,
          { role: 'model', parts },
          {
            role: 'user',
            parts: [{ functionResponse: { name: 'get_weather', response: { result: 'sunny' } } }],
          },
        ],
        config,
      });
      expect(answer.text).toBe('It is sunny there.');
      // The fake rejects a thinking block whose signature is not the one it gave.
      const assistant = lastUpstream('anthropic').messages[1];
      expect(assistant.content.map((b: any) => b.type)).toEqual(['thinking', 'tool_use']);
      expect(assistant.content[0]).toMatchObject({
        thinking: 'Let me think about this.',
        signature: expect.stringMatching(/^sig_/),
      });
    },
  );
});

describe('Gemini route auth and errors', () => {
  const body = { contents: [{ role: 'user', parts: [{ text: 'key auth' }] }] };
  const path = () => `/ai-gateway/gemini/v1beta/models/${endpoints.openai}`;

  it('accepts the token as x-goog-api-key and as ?key=', async () => {
    const header = await call('POST', `${path()}:generateContent`, null, body, {
      'x-goog-api-key': token,
    });
    expect(header.status).toBe(200);
    expect(header.json.candidates[0].content.parts[0].text).toBe('echo: key auth');
    const query = await call('POST', `${path()}:generateContent?key=${token}`, null, body);
    expect(query.status).toBe(200);
  });

  it('answers a bad key, an unknown endpoint, a bad body and an unknown method in the Google error shape', async () => {
    const bad = await call('POST', `${path()}:generateContent`, null, body, {
      'x-goog-api-key': 'nope',
    });
    expect(bad.status).toBe(401);
    expect(bad.json.error).toMatchObject({ code: 401, status: 'UNAUTHENTICATED' });
    const missing = await call(
      'POST',
      '/ai-gateway/gemini/v1beta/models/no-such-endpoint:generateContent',
      token,
      body,
    );
    expect(missing.status).toBe(404);
    expect(missing.json.error.status).toBe('NOT_FOUND');
    const malformed = await call('POST', `${path()}:generateContent`, token, {
      contents: [{ role: 'robot', parts: [] }],
    });
    expect(malformed.status).toBe(400);
    expect(malformed.json.error).toMatchObject({ code: 400, status: 'INVALID_ARGUMENT' });
    expect(malformed.json.error.message).toContain('contents[0].role');
    const action = await call('POST', `${path()}:predict`, token, body);
    expect(action.status).toBe(404);
  });

  it('streams a JSON array without alt=sse', async () => {
    const res = await call('POST', `${path()}:streamGenerateContent`, token, body);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/json');
    expect(Array.isArray(res.json)).toBe(true);
    expect(
      res.json
        .map((c: any) => c.candidates[0].content.parts.map((p: any) => p.text).join(''))
        .join(''),
    ).toBe('echo: key auth');
    expect(res.json.at(-1).candidates[0].finishReason).toBe('STOP');
  });
});
