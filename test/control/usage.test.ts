import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { call, createEndpoint, tokenFor, unique } from '../helpers/gateway';
import { ingestUsageRows, usageRow } from '../helpers/usage-rows';

// GET /api/2.0/ai-gateway/usage: filters, pagination, and who may read it.

const model = {
  name: 'gpt-4o-mini',
  provider: 'openai',
  task: 'llm/v1/chat',
  openai_config: { openai_api_key_plaintext: 'sk', openai_api_base: 'https://api.openai.fake/v1' },
};

// Within the raw-row retention (USAGE_RETENTION_DAYS): older rows are only in rollups and R2.
const T0 = Math.floor(Date.now() / 86_400_000 - 1) * 86_400_000;
const QUOTED = `say "hi": it's 5:00`;
let ep: string;
let other: string;
let tagged: string;
let manager: string;
let querier: string;

beforeAll(async () => {
  ep = unique('use');
  other = unique('use-other');
  await createEndpoint(ep, model);
  await createEndpoint(other, model);
  // 25 rows on ep: requesters r0..r4, one minute apart, five of them sharing one event_time.
  for (let i = 0; i < 25; i++) {
    await ingestUsageRows([
      usageRow({
        endpoint_name: ep,
        requester: `r${i % 5}`,
        event_time: i < 5 ? T0 : T0 + i * 60_000,
        input_tokens: i,
        request_tags: { i: String(i) },
      }),
    ]);
  }
  await ingestUsageRows([usageRow({ endpoint_name: other, requester: 'r0', event_time: T0 })]);
  // Tags whose values hold quotes and colons, on endpoints the manager below does not manage too.
  tagged = unique('use-tags');
  await createEndpoint(tagged, model);
  await ingestUsageRows([
    usageRow({ endpoint_name: other, event_time: T0, request_tags: { i: '3' } }),
    ...[QUOTED, 'plain', QUOTED].map((note, n) =>
      usageRow({
        endpoint_name: tagged,
        event_time: T0 + n,
        request_tags: n === 2 ? { note, team: 'x' } : { note },
      }),
    ),
  ]);
  manager = await tokenFor(unique('mgr'), { [ep]: 'CAN_MANAGE' });
  querier = await tokenFor(unique('q'), { [ep]: 'CAN_QUERY' });
});

const get = (query: string, token: string = env.GATEWAY_ADMIN_TOKEN) =>
  call('GET', `/api/2.0/ai-gateway/usage?${query}`, token);

describe('GET /api/2.0/ai-gateway/usage', () => {
  it('filters by endpoint, requester and time window, newest first', async () => {
    const all = await get(`endpoint_name=${ep}&max_results=1000`);
    expect(all.status).toBe(200);
    expect(all.json.rows).toHaveLength(25);
    expect(all.json.next_page_token).toBeUndefined();
    const times = all.json.rows.map((r: any) => r.event_time);
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect(all.json.rows[0]).toMatchObject({
      endpoint_name: ep,
      request_tags: { i: '24' },
      streaming: false,
      tokens_estimated: false,
    });

    const r1 = await get(`endpoint_name=${ep}&requester=r1`);
    expect(r1.json.rows.map((r: any) => r.requester)).toEqual(Array(5).fill('r1'));

    const window = await get(
      `endpoint_name=${ep}&start_time=${T0 + 10 * 60_000}&end_time=${T0 + 20 * 60_000}`,
    );
    expect(
      window.json.rows
        .map((r: any) => Number(r.request_tags.i))
        .sort((a: number, b: number) => a - b),
    ).toEqual([10, 11, 12, 13, 14, 15, 16, 17, 18, 19]);
    const iso = await get(
      `endpoint_name=${ep}&start_time=${new Date(T0 + 20 * 60_000).toISOString()}`,
    );
    expect(iso.json.rows).toHaveLength(5);
  });

  it('pages through every row exactly once, even across equal event times', async () => {
    const seen: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const res = await get(
        `endpoint_name=${ep}&max_results=3${token ? `&page_token=${encodeURIComponent(token)}` : ''}`,
      );
      expect(res.status).toBe(200);
      expect(res.json.rows.length).toBeLessThanOrEqual(3);
      seen.push(...res.json.rows.map((r: any) => r.request_id));
      token = res.json.next_page_token;
      pages++;
    } while (token && pages < 20);
    expect(pages).toBe(9);
    expect(new Set(seen).size).toBe(25);
  });

  it('filters by request tags: key:value (the value may hold colons and quotes), key alone, all of them', async () => {
    const notes = async (query: string) =>
      (await get(`endpoint_name=${tagged}&${query}`)).json.rows
        .map((r: any) => r.request_tags)
        .reverse();
    expect(await notes(`tag=${encodeURIComponent(`note:${QUOTED}`)}`)).toEqual([
      { note: QUOTED },
      { note: QUOTED, team: 'x' },
    ]);
    expect(await notes('tag=note:plain')).toEqual([{ note: 'plain' }]);
    expect(await notes('tag=note:say')).toEqual([]);
    expect(await notes('tag=team')).toEqual([{ note: QUOTED, team: 'x' }]);
    expect(await notes(`tag=${encodeURIComponent(`note:${QUOTED}`)}&tag=team:x`)).toEqual([
      { note: QUOTED, team: 'x' },
    ]);
    expect(await notes('tag=note:plain&tag=team:x')).toEqual([]);
    // Across endpoints, and with paging.
    const threes = await get('tag=i:3&max_results=1');
    expect(threes.json.rows).toHaveLength(1);
    const rest = await get(`tag=i:3&page_token=${encodeURIComponent(threes.json.next_page_token)}`);
    expect(
      [...threes.json.rows, ...rest.json.rows].map((r: any) => r.endpoint_name).sort(),
    ).toEqual([ep, other].sort());
  });

  it('rejects a malformed tag filter with 400', async () => {
    const tooMany = Array.from({ length: 11 }, (_, i) => `tag=k${i}:v`).join('&');
    for (const query of [
      'tag=',
      'tag=:x',
      `tag=${encodeURIComponent('a"b:c')}`,
      'tag=a%5Cb',
      tooMany,
    ]) {
      const res = await get(query);
      expect(res.status, query).toBe(400);
      expect(res.json).toEqual({
        error_code: 'INVALID_PARAMETER_VALUE',
        message: expect.stringContaining('tag'),
      });
    }
  });

  it('rejects bad parameters with 400 naming them', async () => {
    for (const [query, name] of [
      ['max_results=0', 'max_results'],
      ['max_results=abc', 'max_results'],
      ['max_results=1001', 'max_results'],
      ['page_token=%%%', 'page_token'],
      [`page_token=${btoa('1')}`, 'page_token'],
      [`page_token=${btoa('{"time":"x"}')}`, 'page_token'],
      ['start_time=yesterday', 'start_time'],
      ['end_time=nope', 'end_time'],
    ]) {
      const res = await get(query);
      expect(res.status, query).toBe(400);
      expect(res.json).toEqual({
        error_code: 'INVALID_PARAMETER_VALUE',
        message: expect.stringContaining(name),
      });
    }
  });

  it('is for managers: CAN_MANAGE sees its endpoints only, CAN_QUERY is refused', async () => {
    const mine = await get(`endpoint_name=${ep}`, manager);
    expect(mine.status).toBe(200);
    expect(mine.json.rows.length).toBeGreaterThan(0);
    const everything = await get('max_results=1000', manager);
    expect(new Set(everything.json.rows.map((r: any) => r.endpoint_name))).toEqual(new Set([ep]));
    const foreign = await get(`endpoint_name=${other}`, manager);
    expect(foreign.status).toBe(403);
    expect(foreign.json.error_code).toBe('PERMISSION_DENIED');
    expect((await get(`endpoint_name=${ep}`, querier)).status).toBe(403);
    expect((await get('', querier)).json.rows).toEqual([]);
    // A tag filter stays within the endpoints managed: i=3 is on ep and on other.
    const threes = await get('tag=i:3', manager);
    expect(threes.json.rows.map((r: any) => [r.endpoint_name, r.request_tags])).toEqual([
      [ep, { i: '3' }],
    ]);
    expect((await get('tag=i:3', querier)).json.rows).toEqual([]);
    expect((await call('GET', '/api/2.0/ai-gateway/usage', null)).status).toBe(401);
  });

  it('the admin sees every endpoint', async () => {
    const res = await get('requester=r0&max_results=1000');
    const names = new Set(res.json.rows.map((r: any) => r.endpoint_name));
    expect(names.has(ep) && names.has(other)).toBe(true);
  });
});
