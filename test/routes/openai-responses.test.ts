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

// The official openai client's Responses API through every Responses front door: passed through
// to OpenAI itself, translated via chat for the other providers (databricks here; custom, Azure and
// the rest in test/matrix), with tools, structured output, hosted and namespace tools.

/** Tool calls until the conversation holds a tool result, in either wire format. */
function toolingReply(body: any) {
  const input = body.input ?? body.messages ?? [];
  const answered =
    Array.isArray(input) &&
    input.some((m: any) => m.type === 'function_call_output' || m.role === 'tool');
  const names = (body.tools ?? []).map((t: any) => t.name ?? t.function?.name);
  if (answered) return { text: 'It is sunny.' };
  if (names.includes('crm__lookup'))
    return { toolCalls: [{ name: 'crm__lookup', arguments: '{"id":7}' }] };
  if (names.includes('get_weather'))
    return { toolCalls: [{ name: 'get_weather', arguments: '{"city":"Paris"}' }] };
  const format = body.text?.format ?? body.response_format;
  if (format?.type === 'json_schema') return { text: '{"city":"Paris","celsius":21}' };
  return undefined;
}

const fakes = installFakeUpstreams({
  'api.openai.fake': fakeOpenAI({ apiKey: 'sk-upstream', reply: toolingReply }),
  'dbx.fake': fakeOpenAI({ apiKey: 'dapi-upstream', reply: toolingReply }),
});
afterAll(() => fakes.restore());

const endpoints = { openai: unique('resp-openai'), databricks: unique('resp-dbx') };
let token: string;

beforeAll(async () => {
  const ref = await putSecret('responses', 'openai', 'sk-upstream');
  await createEndpoint(endpoints.openai, {
    name: 'gpt-5',
    provider: 'openai',
    task: 'llm/v1/chat',
    openai_config: { openai_api_key: ref, openai_api_base: 'https://api.openai.fake/v1' },
  });
  await createEndpoint(endpoints.databricks, {
    name: 'llama-70b',
    provider: 'databricks-model-serving',
    task: 'llm/v1/chat',
    databricks_model_serving_config: {
      databricks_workspace_url: 'https://dbx.fake',
      databricks_api_token_plaintext: 'dapi-upstream',
    },
  });
  token = await tokenFor(
    'rita',
    Object.fromEntries(Object.values(endpoints).map((e) => [e, 'CAN_QUERY'])),
  );
});

const client = (base: string) =>
  new OpenAI({ apiKey: token, baseURL: `${GW}${base}`, fetch: sdkFetch, maxRetries: 0 });
const lastUpstream = () => JSON.parse(fakes.calls.at(-1)!.body);

const weatherTool = {
  type: 'function' as const,
  name: 'get_weather',
  description: 'Weather in a city',
  parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
  strict: false,
};

describe.each([
  ['/ai-gateway/mlflow/v1', 'openai', 'passthrough'],
  ['/ai-gateway/openai/v1', 'openai', 'passthrough'],
  ['/serving-endpoints', 'databricks', 'translated'],
  ['/ai-gateway/mlflow/v1', 'databricks', 'translated'],
] as const)('responses at %s on the %s endpoint (%s)', (base, kind, mode) => {
  const model = () => endpoints[kind];

  it('creates a response with output_text and usage', async () => {
    const res = await client(base).responses.create({
      model: model(),
      input: 'hello there',
      instructions: 'Be brief.',
    });
    expect(res.output_text).toBe('echo: hello there');
    expect(res.status).toBe('completed');
    expect(res.usage?.input_tokens).toBe(mode === 'passthrough' ? 13 : 11);
    const upstream = fakes.calls.at(-1)!;
    expect(upstream.url.endsWith(mode === 'passthrough' ? '/responses' : '/invocations')).toBe(
      true,
    );
    if (mode === 'translated')
      expect(lastUpstream().messages[0]).toEqual({ role: 'system', content: 'Be brief.' });
  });

  it('streams with responses.stream and the final response', async () => {
    const events: string[] = [];
    let text = '';
    const stream = client(base).responses.stream({
      model: model(),
      input: [{ role: 'user', content: [{ type: 'input_text', text: 'stream me' }] }],
    });
    stream.on('event', (e) => events.push(e.type));
    stream.on('response.output_text.delta', (e) => (text += e.delta));
    const final = await stream.finalResponse();
    expect(text).toBe('echo: stream me');
    expect(final.output_text).toBe('echo: stream me');
    expect(events.slice(0, 4)).toEqual([
      'response.created',
      'response.in_progress',
      'response.output_item.added',
      'response.content_part.added',
    ]);
    expect(events.at(-1)).toBe('response.completed');
    expect(final.usage?.total_tokens).toBe(mode === 'passthrough' ? 22 : 18);
  });

  it('round-trips a function tool with function_call_output', async () => {
    const first = await client(base).responses.create({
      model: model(),
      input: 'Weather in Paris?',
      tools: [weatherTool],
    });
    const fc = first.output.find((i) => i.type === 'function_call');
    expect(fc).toMatchObject({
      type: 'function_call',
      name: 'get_weather',
      arguments: '{"city":"Paris"}',
    });
    if (fc?.type !== 'function_call') throw new Error('no call');
    const second = await client(base).responses.create({
      model: model(),
      tools: [weatherTool],
      input: [
        { role: 'user', content: 'Weather in Paris?' },
        fc,
        { type: 'function_call_output', call_id: fc.call_id, output: '21 C' },
      ],
    });
    expect(second.output_text).toBe('It is sunny.');
    if (mode === 'translated') {
      const messages = lastUpstream().messages;
      expect(messages.at(-1)).toMatchObject({
        role: 'tool',
        tool_call_id: fc.call_id,
        content: '21 C',
      });
      expect(messages.at(-2).tool_calls[0]).toMatchObject({
        id: fc.call_id,
        function: { name: 'get_weather' },
      });
    }
  });

  it('streams a tool call with stream: true', async () => {
    const stream = await client(base).responses.create({
      model: model(),
      input: 'Weather?',
      tools: [weatherTool],
      stream: true,
    });
    let args = '';
    let done: any;
    for await (const event of stream) {
      if (event.type === 'response.function_call_arguments.delta') args += event.delta;
      if (event.type === 'response.completed') done = event.response;
    }
    expect(args).toBe('{"city":"Paris"}');
    expect(done.output.at(-1)).toMatchObject({
      type: 'function_call',
      name: 'get_weather',
      arguments: '{"city":"Paris"}',
    });
  });

  it('answers structured output requested with text.format', async () => {
    const schema = {
      type: 'object',
      properties: { city: { type: 'string' }, celsius: { type: 'number' } },
      required: ['city', 'celsius'],
      additionalProperties: false,
    };
    const res = await client(base).responses.create({
      model: model(),
      input: 'Weather as JSON',
      text: { format: { type: 'json_schema', name: 'weather', schema, strict: true } },
    });
    expect(JSON.parse(res.output_text)).toEqual({ city: 'Paris', celsius: 21 });
    const sent = lastUpstream();
    if (mode === 'translated')
      expect(sent.response_format).toEqual({
        type: 'json_schema',
        json_schema: { name: 'weather', schema, strict: true },
      });
    else expect(sent.text.format.name).toBe('weather');
  });
});

describe('Responses extras when translated', () => {
  it('leaves hosted tools out, names them in a header, and still answers', async () => {
    const res = await call('POST', '/ai-gateway/mlflow/v1/responses', token, {
      model: endpoints.databricks,
      input: 'hi',
      tools: [{ type: 'web_search' }, weatherTool],
      tool_choice: 'auto',
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-gateway-dropped-tools')).toBe('web_search');
    expect(lastUpstream().tools.map((t: any) => t.function.name)).toEqual(['get_weather']);
  });

  it('passes hosted tools through to OpenAI', async () => {
    const res = await call('POST', '/ai-gateway/openai/v1/responses', token, {
      model: endpoints.openai,
      input: 'hi',
      tools: [{ type: 'web_search' }],
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-gateway-dropped-tools')).toBeNull();
    expect(lastUpstream().tools).toEqual([{ type: 'web_search' }]);
  });

  it('refuses a previous_response_id that no caller of this gateway made, without sending it anywhere', async () => {
    const calls = fakes.calls.length;
    const res = await call('POST', '/ai-gateway/openai/v1/responses', token, {
      model: endpoints.openai,
      input: 'next',
      previous_response_id: 'resp_made_by_openai',
    });
    expect(res.status).toBe(400);
    expect(res.json.error).toMatchObject({
      message: "Previous response with id 'resp_made_by_openai' not found.",
      param: 'previous_response_id',
    });
    expect(fakes.calls.length).toBe(calls);
    const translated = await call('POST', '/ai-gateway/mlflow/v1/responses', token, {
      model: endpoints.databricks,
      input: 'next',
      previous_response_id: 'resp_made_by_openai',
    });
    expect(translated.status).toBe(400);
    expect(translated.json.error.param).toBe('previous_response_id');
  });

  it('answers a tool_choice that forces a hosted tool with a 400 naming it', async () => {
    const res = await call('POST', '/ai-gateway/mlflow/v1/responses', token, {
      model: endpoints.databricks,
      input: 'hi',
      tools: [{ type: 'web_search' }],
      tool_choice: { type: 'web_search' },
    });
    expect(res.status).toBe(400);
    expect(res.json.error.param).toBe('tool_choice');
    expect(res.json.error.message).toContain('web_search');
  });

  it('flattens namespace tools and maps the call back to its namespace', async () => {
    const tools = [
      {
        type: 'namespace',
        name: 'crm',
        description: 'CRM tools',
        tools: [
          {
            type: 'function',
            name: 'lookup',
            parameters: { type: 'object', properties: { id: { type: 'number' } } },
          },
        ],
      },
    ];
    const res = await call('POST', '/ai-gateway/mlflow/v1/responses', token, {
      model: endpoints.databricks,
      input: 'find 7',
      tools,
    });
    expect(res.status).toBe(200);
    expect(lastUpstream().tools[0].function.name).toBe('crm__lookup');
    expect(res.json.output[0]).toMatchObject({
      type: 'function_call',
      name: 'lookup',
      namespace: 'crm',
      arguments: '{"id":7}',
    });
    const next = await call('POST', '/ai-gateway/mlflow/v1/responses', token, {
      model: endpoints.databricks,
      tools,
      input: [
        { role: 'user', content: 'find 7' },
        res.json.output[0],
        { type: 'function_call_output', call_id: res.json.output[0].call_id, output: 'Ada' },
      ],
    });
    expect(next.json.output_text ?? next.json.output[0].content[0].text).toBe('It is sunny.');
    expect(lastUpstream().messages[1].tool_calls[0].function.name).toBe('crm__lookup');
  });

  it('records a usage row with api_type responses', async () => {
    await client('/ai-gateway/mlflow/v1').responses.create({
      model: endpoints.databricks,
      input: 'count me',
    });
    const rows = await waitForUsage(endpoints.databricks, 1);
    expect(rows.find((r) => r.api_type === 'responses' && r.status_code === 200)).toMatchObject({
      input_tokens: 11,
      output_tokens: 7,
      tokens_estimated: false,
    });
  });

  it('answers a malformed input with a 400 naming the field', async () => {
    const res = await call('POST', '/ai-gateway/mlflow/v1/responses', token, {
      model: endpoints.databricks,
      input: [{ type: 'message', role: 'wizard', content: 'x' }],
    });
    expect(res.status).toBe(400);
    expect(res.json.error.param).toBe('input[0].role');
    for (const [input, param] of [
      [5, 'input'],
      [[null], 'input[0]'],
      [['text'], 'input[0]'],
    ] as const) {
      const bad = await call('POST', '/ai-gateway/mlflow/v1/responses', token, {
        model: endpoints.databricks,
        input,
      });
      expect([bad.status, bad.json.error.param]).toEqual([400, param]);
    }
    const missing = await call('POST', '/ai-gateway/mlflow/v1/responses', token, {
      model: endpoints.databricks,
    });
    expect(missing.status).toBe(400);
    expect(missing.json.error.param).toBe('input');
  });

  it("passes the provider's 400 on for a function_call_output without its call", async () => {
    const res = await call('POST', '/ai-gateway/openai/v1/responses', token, {
      model: endpoints.openai,
      input: [{ type: 'function_call_output', call_id: 'call_nope', output: 'x' }],
    });
    expect(res.status).toBe(400);
    expect(res.json.error.message).toContain('call_nope');
  });
});
