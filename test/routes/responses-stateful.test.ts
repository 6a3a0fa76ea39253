import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeAnthropic, fakeSignature, lastUserText } from '../fakes/anthropic-upstream';
import { installFakeUpstreams } from '../fakes/router';
import {
  call,
  createEndpoint,
  GW,
  putSecret,
  sdkFetch,
  tokenFor,
  unique,
} from '../helpers/gateway';

// The stateful Responses API in front of a provider that has none (Anthropic): conversations by
// previous_response_id and by item_reference, retrieval, input_items, delete, isolation between
// principals, store:false, and reasoning sealed into encrypted_content and verified upstream.

const THOUGHT = 'Plan: call the weather tool for Paris.';

const fakes = installFakeUpstreams({
  'api.anthropic.fake': fakeAnthropic({
    apiKey: 'sk-ant-state',
    reply(body) {
      const last = body.messages.at(-1);
      const result = Array.isArray(last.content)
        ? last.content.find((b: any) => b.type === 'tool_result')
        : undefined;
      if (result)
        return {
          text: `weather: ${typeof result.content === 'string' ? result.content : result.content[0].text}`,
        };
      if (body.tools?.length)
        return {
          thinking: THOUGHT,
          toolCalls: [{ name: body.tools[0].name, input: { city: 'Paris' } }],
        };
      const turn = body.messages.filter((m: any) => m.role === 'user').length;
      return { text: `turn ${turn}: ${lastUserText(body.messages)}` };
    },
  }),
});
afterAll(() => fakes.restore());

const endpoint = unique('state-claude');
let alice: string;
let bob: string;

beforeAll(async () => {
  const key = await putSecret('state', 'anthropic', 'sk-ant-state');
  await createEndpoint(endpoint, {
    name: 'claude-sonnet-4-5',
    provider: 'anthropic',
    task: 'llm/v1/chat',
    anthropic_config: { anthropic_api_key: key, anthropic_api_base: 'https://api.anthropic.fake' },
  });
  alice = await tokenFor('alice-state', { [endpoint]: 'CAN_QUERY' });
  bob = await tokenFor('bob-state', { [endpoint]: 'CAN_QUERY' });
});

const client = (token: string, base = '/ai-gateway/mlflow/v1') =>
  new OpenAI({ apiKey: token, baseURL: `${GW}${base}`, fetch: sdkFetch, maxRetries: 0 });
/** The messages the fake Anthropic provider received last, as [role, text] pairs. */
const upstreamTurns = () =>
  JSON.parse(fakes.calls.at(-1)!.body).messages.map((m: any) => [
    m.role,
    typeof m.content === 'string'
      ? m.content
      : m.content.map((b: any) => b.text ?? b.type).join('|'),
  ]);

describe('conversation state kept by the gateway', () => {
  it('carries a three-turn conversation by previous_response_id', async () => {
    const c = client(alice);
    const r1 = await c.responses.create({
      model: endpoint,
      input: 'My name is Ada.',
      instructions: 'Be brief.',
    });
    expect(r1.output_text).toBe('turn 1: My name is Ada.');
    const r2 = await c.responses.create({
      model: endpoint,
      input: 'What is my name?',
      previous_response_id: r1.id,
    });
    expect(r2.previous_response_id).toBe(r1.id);
    const r3 = await c.responses.create({
      model: endpoint,
      input: 'And again?',
      previous_response_id: r2.id,
      stream: false,
    });
    expect(r3.output_text).toBe('turn 3: And again?');
    expect(upstreamTurns()).toEqual([
      ['user', 'My name is Ada.'],
      ['assistant', 'turn 1: My name is Ada.'],
      ['user', 'What is my name?'],
      ['assistant', 'turn 2: What is my name?'],
      ['user', 'And again?'],
    ]);
    // instructions belong to the request that sent them, as on OpenAI
    expect(JSON.parse(fakes.calls.at(-1)!.body).system).toBeUndefined();
  });

  it('carries a streamed three-turn conversation by item_reference, as the AI SDK sends it', async () => {
    const c = client(alice, '/ai-gateway/openai/v1');
    const first = await c.responses
      .stream({
        model: endpoint,
        input: [{ role: 'user', content: [{ type: 'input_text', text: 'One' }] }],
      })
      .finalResponse();
    const u1 = { role: 'user' as const, content: [{ type: 'input_text' as const, text: 'One' }] };
    const u2 = { role: 'user' as const, content: [{ type: 'input_text' as const, text: 'Two' }] };
    const second = await c.responses
      .stream({
        model: endpoint,
        input: [u1, { type: 'item_reference', id: first.output[0].id! }, u2],
      })
      .finalResponse();
    expect(second.output_text).toBe('turn 2: Two');
    const third = await c.responses.create({
      model: endpoint,
      input: [
        u1,
        { type: 'item_reference', id: first.output[0].id! },
        u2,
        { type: 'item_reference', id: second.output[0].id! },
        { role: 'user', content: 'Three' },
      ],
    });
    expect(third.output_text).toBe('turn 3: Three');
    expect(upstreamTurns()).toEqual([
      ['user', 'One'],
      ['assistant', 'turn 1: One'],
      ['user', 'Two'],
      ['assistant', 'turn 2: Two'],
      ['user', 'Three'],
    ]);
  });

  it('retrieves, lists input items of, and deletes a stored response', async () => {
    const c = client(alice);
    const r1 = await c.responses.create({ model: endpoint, input: 'Remember me' });
    const r2 = await c.responses.create({
      model: endpoint,
      input: 'Still there?',
      previous_response_id: r1.id,
    });
    const got = await c.responses.retrieve(r2.id);
    expect(got).toMatchObject({ id: r2.id, status: 'completed', previous_response_id: r1.id });
    expect(got.output_text).toBe('turn 2: Still there?');
    const items = await c.responses.inputItems.list(r2.id, { order: 'asc' });
    expect(items.data.map((i: any) => `${i.type}:${i.role ?? ''}`)).toEqual([
      'message:user',
      'message:assistant',
      'message:user',
    ]);
    expect(items.data.every((i: any) => typeof i.id === 'string')).toBe(true);
    const newestFirst = await c.responses.inputItems.list(r2.id);
    expect((newestFirst.data[0] as any).content).toEqual('Still there?');
    await c.responses.delete(r2.id);
    await expect(c.responses.retrieve(r2.id)).rejects.toMatchObject({ status: 404 });
    const raw = await call('DELETE', `/ai-gateway/mlflow/v1/responses/${r2.id}`, alice);
    expect(raw.status).toBe(404);
  });

  it("keeps principals apart: another principal's id is a 404, and cannot continue it", async () => {
    const mine = await client(alice).responses.create({ model: endpoint, input: 'private' });
    for (const path of [`/responses/${mine.id}`, `/responses/${mine.id}/input_items`]) {
      const res = await call('GET', `/ai-gateway/mlflow/v1${path}`, bob);
      expect(res.status).toBe(404);
      expect(res.json.error.message).toContain(mine.id);
    }
    expect((await call('DELETE', `/ai-gateway/openai/v1/responses/${mine.id}`, bob)).status).toBe(
      404,
    );
    const hijack = await call('POST', '/ai-gateway/mlflow/v1/responses', bob, {
      model: endpoint,
      input: 'what did alice say?',
      previous_response_id: mine.id,
    });
    expect(hijack.status).toBe(400);
    expect(hijack.json.error.param).toBe('previous_response_id');
    const ref = await call('POST', '/ai-gateway/mlflow/v1/responses', bob, {
      model: endpoint,
      input: [{ type: 'item_reference', id: (mine.output[0] as any).id }],
    });
    expect(ref.status).toBe(400);
    expect(ref.json.error.param).toBe('input[0].id');
    expect((await client(alice).responses.retrieve(mine.id)).id).toBe(mine.id);
  });

  it('keeps nothing with store: false', async () => {
    const r = await client(alice).responses.create({
      model: endpoint,
      input: 'forget me',
      store: false,
    });
    expect((r as any).store).toBe(false);
    expect((await call('GET', `/ai-gateway/mlflow/v1/responses/${r.id}`, alice)).status).toBe(404);
  });
});

describe('reasoning round trip with encrypted_content (Codex: store false)', () => {
  const tools = [
    {
      type: 'function' as const,
      name: 'get_weather',
      parameters: { type: 'object', properties: { city: { type: 'string' } } },
      strict: false,
    },
  ];
  const codexTurn = (input: any[]) => ({
    model: endpoint,
    input,
    tools,
    store: false,
    include: ['reasoning.encrypted_content' as const],
    reasoning: { effort: 'high' as const, summary: 'auto' as const },
    stream: true as const,
  });

  async function firstTurn(token = alice) {
    const stream = await client(token, '/ai-gateway/openai/v1').responses.create(
      codexTurn([{ role: 'user', content: 'Weather in Paris?' }]),
    );
    const done: any[] = [];
    for await (const event of stream)
      if (event.type === 'response.output_item.done') done.push(event.item);
    return done;
  }

  it('seals the thinking block and its signature, and the provider verifies it on the next turn', async () => {
    const items = await firstTurn();
    const reasoning = items.find((i) => i.type === 'reasoning');
    const fc = items.find((i) => i.type === 'function_call');
    expect(reasoning.summary).toEqual([{ type: 'summary_text', text: THOUGHT }]);
    expect(reasoning.encrypted_content).toMatch(/^gwr1\./);
    expect(reasoning.encrypted_content).not.toContain(btoa(THOUGHT).slice(0, 12));
    expect(reasoning.encrypted_content).not.toContain(fakeSignature(THOUGHT));
    const next = await client(alice, '/ai-gateway/openai/v1').responses.create({
      ...codexTurn([
        { role: 'user', content: 'Weather in Paris?' },
        reasoning,
        fc,
        { type: 'function_call_output', call_id: fc.call_id, output: 'sunny' },
      ]),
      stream: false,
    });
    expect(next.output_text).toBe('weather: sunny');
    const assistant = JSON.parse(fakes.calls.at(-1)!.body).messages[1];
    expect(assistant.content[0]).toEqual({
      type: 'thinking',
      thinking: THOUGHT,
      signature: fakeSignature(THOUGHT),
    });
  });

  it('rejects encrypted_content that was altered or sealed for someone else, naming input', async () => {
    const items = await firstTurn();
    const reasoning = items.find((i) => i.type === 'reasoning');
    const fc = items.find((i) => i.type === 'function_call');
    const history = (r: any) => [
      { role: 'user', content: 'Weather in Paris?' },
      r,
      fc,
      { type: 'function_call_output', call_id: fc.call_id, output: 'sunny' },
    ];
    const tampered = {
      ...reasoning,
      encrypted_content: `${reasoning.encrypted_content.slice(0, -6)}AAAAAA`,
    };
    const res = await call('POST', '/ai-gateway/openai/v1/responses', alice, {
      ...codexTurn(history(tampered)),
      stream: false,
    });
    expect(res.status).toBe(400);
    expect(res.json.error.param).toBe('input');
    const stolen = await call('POST', '/ai-gateway/openai/v1/responses', bob, {
      ...codexTurn(history(reasoning)),
      stream: false,
    });
    expect(stolen.status).toBe(400);
  });

  it('leaves encrypted_content out when the caller did not include it', async () => {
    const res = await call('POST', '/ai-gateway/mlflow/v1/responses', alice, {
      model: endpoint,
      input: 'Weather?',
      tools,
      reasoning: { effort: 'high' },
      store: false,
    });
    expect(res.status).toBe(200);
    const reasoning = res.json.output.find((i: any) => i.type === 'reasoning');
    expect(reasoning.summary[0].text).toBe(THOUGHT);
    expect(reasoning.encrypted_content).toBeUndefined();
  });
});

describe('the openai SDK against an Anthropic endpoint', () => {
  it('gets structured output through text.format', async () => {
    const schema = {
      type: 'object',
      properties: { n: { type: 'number' } },
      required: ['n'],
      additionalProperties: false,
    };
    await client(alice).responses.create({
      model: endpoint,
      input: 'A number',
      text: { format: { type: 'json_schema', name: 'num', schema, strict: true } },
    });
    expect(JSON.parse(fakes.calls.at(-1)!.body).output_config).toEqual({
      format: { type: 'json_schema', schema },
    });
  });

  it('answers legacy completions translated through Messages', async () => {
    const completions = unique('state-claude-cmpl');
    await createEndpoint(completions, {
      name: 'claude-haiku-4-5',
      provider: 'anthropic',
      task: 'llm/v1/completions',
      anthropic_config: {
        anthropic_api_key_plaintext: 'sk-ant-state',
        anthropic_api_base: 'https://api.anthropic.fake',
      },
    });
    const carol = await tokenFor('carol-state', { [completions]: 'CAN_QUERY' });
    const res = await client(carol).completions.create({
      model: completions,
      prompt: 'Once upon a time',
      max_tokens: 30,
    });
    expect(res.choices[0].text).toBe('turn 1: Once upon a time');
    expect(JSON.parse(fakes.calls.at(-1)!.body)).toMatchObject({
      model: 'claude-haiku-4-5',
      max_tokens: 30,
      messages: [{ role: 'user', content: 'Once upon a time' }],
    });
    let streamed = '';
    for await (const chunk of await client(carol).completions.create({
      model: completions,
      prompt: 'Stream',
      stream: true,
    }))
      streamed += chunk.choices[0]?.text ?? '';
    expect(streamed).toBe('turn 1: Stream');
  });
});

describe('a Codex-shaped request against an Anthropic endpoint', () => {
  const codexBody = (input: any[]) => ({
    model: endpoint,
    instructions: 'You are Codex.',
    input,
    tools: [
      {
        type: 'function',
        name: 'shell',
        description: 'Run a command',
        strict: false,
        parameters: {
          type: 'object',
          properties: { command: { type: 'array', items: { type: 'string' } } },
          required: ['command'],
        },
      },
      {
        type: 'namespace',
        name: 'mcp__files',
        description: 'File tools',
        tools: [
          {
            type: 'function',
            name: 'read',
            parameters: { type: 'object', properties: { path: { type: 'string' } } },
          },
        ],
      },
      {
        type: 'custom',
        name: 'apply_patch',
        description: 'Apply a patch',
        format: { type: 'grammar', syntax: 'lark', definition: 'start: /.+/' },
      },
      { type: 'web_search' },
    ],
    tool_choice: 'auto',
    parallel_tool_calls: true,
    reasoning: { summary: 'auto' },
    store: false,
    stream: true,
    include: ['reasoning.encrypted_content'],
    prompt_cache_key: 'session-1',
    client_metadata: { originator: 'codex_exec' },
  });

  it('streams a tool call, then the answer after the tool output, with web_search named as left out', async () => {
    const first = await call(
      'POST',
      '/ai-gateway/openai/v1/responses',
      alice,
      codexBody([
        {
          type: 'message',
          role: 'developer',
          content: [{ type: 'input_text', text: 'Sandbox: read-only' }],
        },
        {
          type: 'message',
          role: 'user',
          id: 'msg_client_1',
          content: [{ type: 'input_text', text: 'List files' }],
        },
      ]),
      { accept: 'text/event-stream', originator: 'codex_exec' },
    );
    expect(first.status).toBe(200);
    expect(first.headers.get('x-gateway-dropped-tools')).toBe('web_search');
    const sent = JSON.parse(fakes.calls.at(-1)!.body);
    expect(sent.tools.map((t: any) => t.name)).toEqual([
      'shell',
      'mcp__files__read',
      'apply_patch',
    ]);
    expect(JSON.stringify(sent.system)).toContain('You are Codex.');
    const done = [...first.text.matchAll(/^data: (.*)$/gm)]
      .map((m) => JSON.parse(m[1]))
      .filter((e) => e.type === 'response.output_item.done')
      .map((e) => e.item);
    expect(first.text).toContain('event: response.completed');
    const reasoning = done.find((i) => i.type === 'reasoning');
    const fc = done.find((i) => i.type === 'function_call');
    expect(fc).toMatchObject({ name: 'shell', arguments: '{"city":"Paris"}' });
    const second = await call(
      'POST',
      '/ai-gateway/openai/v1/responses',
      alice,
      codexBody([
        { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'List files' }] },
        reasoning,
        fc,
        { type: 'function_call_output', call_id: fc.call_id, output: 'a.txt' },
      ]),
    );
    expect(second.status).toBe(200);
    expect(second.text).toContain('weather: a.txt');
    expect(JSON.parse(fakes.calls.at(-1)!.body).messages[1].content[0]).toMatchObject({
      type: 'thinking',
      signature: fakeSignature(THOUGHT),
    });
  });
});
