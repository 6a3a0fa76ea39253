import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeAzureOpenAI } from '../fakes/azure-openai-upstream';
import { fakeOpenAI } from '../fakes/openai-upstream';
import { installFakeUpstreams } from '../fakes/router';
import {
  admin,
  call,
  createEndpoint,
  GW,
  putSecret,
  sdkFetch,
  tokenFor,
  unique,
  waitForUsage,
} from '../helpers/gateway';

// Two principals sharing one endpoint whose provider stores Responses itself (OpenAI, Azure
// OpenAI; passed through under the gateway's one upstream key) are as isolated as with provider
// accounts of their own: neither can read, list, delete or continue the other's responses, by
// any route, and the provider never sees a foreign id. Each can do all of that with their own.
// The fakes are stateful as the real APIs are (one store per account).

const openaiAccount = fakeOpenAI({ apiKey: 'sk-own-a' });
const secondAccount = fakeOpenAI({ apiKey: 'sk-own-b' });
const fakes = installFakeUpstreams({
  'api.openai.fake': openaiAccount,
  'second.openai.fake': secondAccount,
  'own.openai.azure.fake': fakeAzureOpenAI({ deployments: ['gpt-dep'], apiKey: 'azure-own-key' }),
  'vllm.fake': fakeOpenAI({ apiKey: 'sk-vllm' }),
});
afterAll(() => fakes.restore());

const endpoints = {
  openai: unique('own-openai'),
  azure: unique('own-azure'),
  custom: unique('own-custom'),
  split: unique('own-split'),
};
let alice: string;
let bob: string;

beforeAll(async () => {
  const openaiKey = await putSecret('own', 'openai', 'sk-own-a');
  await createEndpoint(endpoints.openai, {
    name: 'gpt-5',
    provider: 'openai',
    task: 'llm/v1/chat',
    openai_config: { openai_api_key: openaiKey, openai_api_base: 'https://api.openai.fake/v1' },
  });
  await createEndpoint(endpoints.azure, {
    name: 'gpt-5',
    provider: 'openai',
    task: 'llm/v1/chat',
    openai_config: {
      openai_api_type: 'azure',
      openai_api_key: await putSecret('own', 'azure', 'azure-own-key'),
      openai_api_base: 'https://own.openai.azure.fake',
      openai_deployment_name: 'gpt-dep',
      openai_api_version: '2024-10-21',
    },
  });
  await createEndpoint(endpoints.custom, {
    name: 'llama',
    provider: 'custom',
    task: 'llm/v1/chat',
    custom_provider_config: {
      custom_provider_url: 'https://vllm.fake/v1',
      bearer_token_auth: { token: await putSecret('own', 'vllm', 'sk-vllm') },
    },
  });
  // Two provider accounts behind one endpoint, half the traffic each.
  const secondKey = await putSecret('own', 'second', 'sk-own-b');
  const split = await admin('POST', '/api/2.0/serving-endpoints', {
    name: endpoints.split,
    config: {
      served_entities: [
        {
          name: 'a',
          external_model: {
            name: 'gpt-5',
            provider: 'openai',
            task: 'llm/v1/chat',
            openai_config: {
              openai_api_key: openaiKey,
              openai_api_base: 'https://api.openai.fake/v1',
            },
          },
        },
        {
          name: 'b',
          external_model: {
            name: 'gpt-5',
            provider: 'openai',
            task: 'llm/v1/chat',
            openai_config: {
              openai_api_key: secondKey,
              openai_api_base: 'https://second.openai.fake/v1',
            },
          },
        },
      ],
      traffic_config: {
        routes: [
          { served_model_name: 'a', traffic_percentage: 50 },
          { served_model_name: 'b', traffic_percentage: 50 },
        ],
      },
    },
  });
  if (split.status !== 200) throw new Error(split.text);
  const all = Object.fromEntries(Object.values(endpoints).map((e) => [e, 'CAN_QUERY' as const]));
  alice = await tokenFor('alice-own', all);
  bob = await tokenFor('bob-own', all);
});

const client = (token: string, base: string) =>
  new OpenAI({ apiKey: token, baseURL: `${GW}${base}`, fetch: sdkFetch, maxRetries: 0 });
/** The error body with every id replaced, to compare a foreign id's answer with an unknown one's. */
const shape = (res: { status: number; json: any }, ...ids: string[]) => ({
  status: res.status,
  body: JSON.parse(ids.reduce((t, id) => t.split(id).join('<id>'), JSON.stringify(res.json))),
});
/** Every upstream call made by `act` (URL and body). */
async function upstreamCallsOf(act: () => Promise<unknown>) {
  const before = fakes.calls.length;
  await act();
  return fakes.calls.slice(before).map((c) => `${c.url} ${c.body}`);
}

describe.each([
  ['openai', '/ai-gateway/mlflow/v1'],
  ['openai', '/ai-gateway/openai/v1'],
  ['azure', '/ai-gateway/openai/v1'],
  ['azure', '/ai-gateway/mlflow/v1'],
  ['custom', '/ai-gateway/mlflow/v1'],
] as const)('responses on the %s endpoint through %s', (kind, base) => {
  const model = () => endpoints[kind];

  it("retrieves, lists the input items of, continues and deletes one's own response", async () => {
    const mine = client(alice, base);
    const first = await mine.responses.create({
      model: model(),
      input: [
        { role: 'user', content: 'one' },
        { role: 'user', content: 'two' },
        { role: 'user', content: 'three' },
      ],
    });
    expect(first.output_text).toBe('echo: three');
    const got = await mine.responses.retrieve(first.id);
    expect(got.id).toBe(first.id);
    expect(got.output_text).toBe('echo: three');
    const asc = await mine.responses.inputItems.list(first.id, { order: 'asc', limit: 2 });
    expect(asc.data.map((i: any) => i.content[0]?.text ?? i.content)).toEqual(['one', 'two']);
    expect(asc.has_more).toBe(true);
    const rest = await mine.responses.inputItems.list(first.id, {
      order: 'asc',
      after: asc.data[1].id,
    });
    expect(rest.data.map((i: any) => i.content[0]?.text ?? i.content)).toEqual(['three']);
    const desc = await mine.responses.inputItems.list(first.id);
    expect(desc.data.map((i: any) => i.content[0]?.text ?? i.content)).toEqual([
      'three',
      'two',
      'one',
    ]);

    const next = await mine.responses.create({
      model: model(),
      input: 'four',
      previous_response_id: first.id,
    });
    expect(next.output_text).toBe('echo: four');
    const byReference = await mine.responses.create({
      model: model(),
      input: [
        { type: 'item_reference', id: first.output[0].id! },
        { role: 'user', content: 'five' },
      ],
    });
    expect(byReference.output_text).toBe('echo: five');

    expect(await mine.responses.delete(first.id)).toMatchObject({ id: first.id, deleted: true });
    expect((await call('GET', `${base}/responses/${first.id}`, alice)).status).toBe(404);
    expect((await call('DELETE', `${base}/responses/${first.id}`, alice)).status).toBe(404);
  });

  it("cannot see or continue another principal's response by any route, and the provider never gets the foreign id", async () => {
    const secret = await client(alice, base).responses.create({
      model: model(),
      input: "alice's private words",
    });
    const streamed = await client(alice, base)
      .responses.stream({ model: model(), input: 'alice streams' })
      .finalResponse();
    const unknown = `resp_${'0'.repeat(48)}`;
    for (const target of [secret, streamed]) {
      const item = target.output[0] as any;
      const sent = await upstreamCallsOf(async () => {
        for (const [method, path] of [
          ['GET', ''],
          ['GET', '/input_items'],
          ['GET', '/input_items?order=asc&limit=1'],
          ['DELETE', ''],
        ] as const) {
          const theirs = await call(method, `${base}/responses/${target.id}${path}`, bob);
          const none = await call(method, `${base}/responses/${unknown}${path}`, bob);
          expect(theirs.status).toBe(404);
          expect(shape(theirs, target.id)).toEqual(shape(none, unknown));
        }
        const continued = await call('POST', `${base}/responses`, bob, {
          model: model(),
          input: 'continue',
          previous_response_id: target.id,
        });
        const neverWas = await call('POST', `${base}/responses`, bob, {
          model: model(),
          input: 'continue',
          previous_response_id: unknown,
        });
        expect(continued.status).toBe(400);
        expect(continued.json.error.param).toBe('previous_response_id');
        expect(shape(continued, target.id)).toEqual(shape(neverWas, unknown));
        const referenced = await call('POST', `${base}/responses`, bob, {
          model: model(),
          input: [
            { type: 'item_reference', id: item.id },
            { role: 'user', content: 'go on' },
          ],
        });
        const noItem = await call('POST', `${base}/responses`, bob, {
          model: model(),
          input: [
            { type: 'item_reference', id: 'msg_nothing' },
            { role: 'user', content: 'go on' },
          ],
        });
        expect(referenced.status).toBe(400);
        expect(shape(referenced, item.id)).toEqual(shape(noItem, 'msg_nothing'));
      });
      expect(sent.filter((s) => s.includes(target.id) || s.includes(item.id))).toEqual([]);
      expect(JSON.stringify(sent)).not.toContain('alice');
      // Still there for its owner.
      expect((await client(alice, base).responses.retrieve(target.id)).id).toBe(target.id);
    }
  });

  it('keeps nothing with store: false', async () => {
    const r = await client(alice, base).responses.create({
      model: model(),
      input: 'forget me',
      store: false,
    });
    const sent = await upstreamCallsOf(() =>
      call('GET', `${base}/responses/${r.id}`, alice).then((res) => expect(res.status).toBe(404)),
    );
    expect(sent).toEqual([]);
  });
});

describe('responses the provider stores', () => {
  it("refuses an item echoed back with the id of another principal's stored item", async () => {
    const base = '/ai-gateway/openai/v1';
    const secret = await client(alice, base).responses.create({
      model: endpoints.openai,
      input: 'private',
    });
    const echoed = { ...(secret.output[0] as any) };
    const sent = await upstreamCallsOf(async () => {
      const res = await call('POST', `${base}/responses`, bob, {
        model: endpoints.openai,
        input: [echoed, { role: 'user', content: 'and?' }],
      });
      expect(res.status).toBe(400);
      expect(res.json.error.message).toBe(`Item with id '${echoed.id}' not found.`);
    });
    expect(sent).toEqual([]);
    // Its owner may echo it back.
    const own = await call('POST', `${base}/responses`, alice, {
      model: endpoints.openai,
      input: [echoed, { role: 'user', content: 'and?' }],
    });
    expect(own.status).toBe(200);
  });

  it('records a streamed response whose caller went away after it was created', async () => {
    const res = await sdkFetch(`${GW}/ai-gateway/openai/v1/responses`, {
      method: 'POST',
      headers: { authorization: `Bearer ${alice}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: endpoints.openai, input: 'a long answer', stream: true }),
    });
    const reader = res.body!.getReader();
    let seen = '';
    while (!seen.includes('response.created'))
      seen += new TextDecoder().decode((await reader.read()).value);
    await reader.cancel();
    const id = /"id":"(resp_[^"]+)"/.exec(seen)![1];
    const deadline = Date.now() + 3000;
    let got = await call('GET', `/ai-gateway/openai/v1/responses/${id}`, alice);
    while (got.status !== 200 && Date.now() < deadline)
      got = await call('GET', `/ai-gateway/openai/v1/responses/${id}`, alice);
    expect(got.json).toMatchObject({ id, object: 'response' });
    expect((await call('GET', `/ai-gateway/openai/v1/responses/${id}`, bob)).status).toBe(404);
  });

  it('continues a response on the served entity (provider account) that holds it, whatever the traffic split picks', async () => {
    const mine = client(alice, '/ai-gateway/mlflow/v1');
    for (let i = 0; i < 8; i++) {
      const first = await mine.responses.create({ model: endpoints.split, input: `first ${i}` });
      const holder = openaiAccount.responses.storedIds().includes(first.id)
        ? 'api.openai.fake'
        : 'second.openai.fake';
      const sent = await upstreamCallsOf(async () => {
        const next = await mine.responses.create({
          model: endpoints.split,
          input: `next ${i}`,
          previous_response_id: first.id,
        });
        expect(next.output_text).toBe(`echo: next ${i}`);
        expect((await mine.responses.retrieve(first.id)).id).toBe(first.id);
      });
      expect(sent.map((s) => new URL(s.split(' ')[0]).host)).toEqual([holder, holder]);
    }
  });

  it('leaves a usage row for each refused reference, with the status the caller got', async () => {
    const name = endpoints.openai;
    const before = (await waitForUsage(name, 1)).length;
    const res = await call('POST', '/ai-gateway/mlflow/v1/responses', bob, {
      model: name,
      input: 'x',
      previous_response_id: 'resp_nobody',
    });
    expect(res.status).toBe(400);
    const rows = await waitForUsage(name, before + 1);
    expect(rows[0]).toMatchObject({
      requester: 'bob-own',
      status_code: 400,
      api_type: 'responses',
    });
  });

  it('deletes at the provider too', async () => {
    const r = await client(alice, '/ai-gateway/openai/v1').responses.create({
      model: endpoints.openai,
      input: 'to delete',
    });
    const del = await call('DELETE', `/ai-gateway/openai/v1/responses/${r.id}`, alice);
    expect(del.json).toEqual({ id: r.id, object: 'response', deleted: true });
    expect(openaiAccount.responses.storedIds()).not.toContain(r.id);
  });

  it('answers 404 for a recorded response whose endpoint was deleted', async () => {
    const gone = unique('own-gone');
    await createEndpoint(gone, {
      name: 'gpt-5',
      provider: 'openai',
      task: 'llm/v1/chat',
      openai_config: {
        openai_api_key: await putSecret('own', 'openai', 'sk-own-a'),
        openai_api_base: 'https://api.openai.fake/v1',
      },
    });
    await admin('PATCH', `/api/2.0/permissions/serving-endpoints/${gone}`, {
      access_control_list: [{ user_name: 'alice-own', permission_level: 'CAN_QUERY' }],
    });
    const r = await client(alice, '/ai-gateway/openai/v1').responses.create({
      model: gone,
      input: 'orphan',
    });
    expect((await admin('DELETE', `/api/2.0/serving-endpoints/${gone}`)).status).toBe(200);
    const res = await call('GET', `/ai-gateway/openai/v1/responses/${r.id}`, alice);
    expect(res.status).toBe(404);
    expect(res.json.error.message).toContain(r.id);
  });
});
