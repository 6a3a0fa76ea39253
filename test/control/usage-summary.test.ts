import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { call, createEndpoint, tokenFor, unique } from '../helpers/gateway';
import { bucketUpperBound, latencyBucket } from '../../src/storage/latency-histogram';
import { ingestUsageRows, usageRow } from '../helpers/usage-rows';

// GET /api/2.0/ai-gateway/usage/summary: every number checked against the rows it came from.

const model = {
  name: 'gpt-4o-mini',
  provider: 'openai',
  task: 'llm/v1/chat',
  openai_config: { openai_api_key_plaintext: 'sk', openai_api_base: 'https://api.openai.fake/v1' },
};
const DAY = 86_400_000;
// Within the raw-row retention, so tag summaries (from raw rows) see every row too.
const T0 = Math.floor(Date.now() / DAY - 4) * DAY;
const HOUR = 3_600_000;
// A tag value holding a quote and a colon, which travels as a bound parameter.
const ODD = 'pro:d "x"';
const rows: ReturnType<typeof usageRow>[] = [];
let a: string;
let b: string;
/**
 * An endpoint whose usage is spread over hours and days from TT, the busier ones later; before
 * the window the other tests read, still within the raw-row retention.
 */
let timed: string;
const TT = T0 - 2 * DAY;
const timedRows: ReturnType<typeof usageRow>[] = [];

/** Nearest-rank percentile, computed the plain way. */
function percentile(values: number[], p: number): number | null {
  if (!values.length) return null;
  const sorted = [...values].sort((x, y) => x - y);
  return sorted[Math.ceil((p / 100) * sorted.length) - 1];
}

/**
 * What a group of rows sums to. Rollups report a percentile as the upper bound of its histogram
 * bucket (at most 8% above); tag groups, read from raw rows, report it exactly.
 */
function expected(selected: ReturnType<typeof usageRow>[], exact = false) {
  const lat = selected.map((r) => r.latency_ms).filter((v): v is number => v !== null);
  const reported = (v: number | null) =>
    v === null || exact ? v : bucketUpperBound(latencyBucket(v));
  const sum = (f: (r: ReturnType<typeof usageRow>) => number) =>
    selected.reduce((s, r) => s + f(r), 0);
  return {
    requests: selected.length,
    input_tokens: sum((r) => r.input_tokens),
    output_tokens: sum((r) => r.output_tokens),
    total_tokens: sum((r) => r.total_tokens),
    cache_read_input_tokens: sum((r) => r.cache_read_input_tokens),
    cache_creation_input_tokens: sum((r) => r.cache_creation_input_tokens),
    reasoning_tokens: sum((r) => r.reasoning_tokens),
    errors: selected.filter((r) => r.status_code >= 400).length,
    latency_p50_ms: reported(percentile(lat, 50)),
    latency_p95_ms: reported(percentile(lat, 95)),
  };
}

beforeAll(async () => {
  a = unique('sum-a');
  b = unique('sum-b');
  await createEndpoint(a, model);
  await createEndpoint(b, model);
  // A deterministic spread: 3 days, 2 endpoints, 2 entities, 3 requesters, some errors and tags.
  for (let i = 0; i < 47; i++) {
    const input = (i * 7) % 23;
    const output = (i * 5) % 17;
    rows.push(
      usageRow({
        endpoint_name: i % 3 === 0 ? b : a,
        served_entity_name: i % 4 === 0 ? 'entity-1' : 'entity-0',
        requester: `user-${i % 3 === 1 ? 'x' : i % 5 === 0 ? 'y' : 'z'}`,
        event_time: T0 + (i % 3) * DAY + i * 1000,
        status_code: i % 6 === 0 ? 502 : i % 11 === 0 ? 429 : 200,
        input_tokens: input,
        output_tokens: output,
        cache_read_input_tokens: i % 4,
        reasoning_tokens: i % 3 === 2 ? output : 0,
        total_tokens: input + output,
        latency_ms: i % 13 === 0 ? null : (i * 37) % 101,
        provider: i % 4 === 1 ? 'anthropic' : i % 7 === 0 ? null : 'openai',
        request_tags:
          i % 2 === 0
            ? { team: i % 4 === 0 ? 'search' : 'ads', ...(i % 3 === 0 ? { env: ODD } : {}) }
            : {},
      }),
    );
  }
  await ingestUsageRows(rows);
  timed = unique('sum-timed');
  await createEndpoint(timed, model);
  // Hours 5 and 6 of day 0 (1 and 3 requests), hour 1 of day 1 (5): day 0 has 4, day 1 has 5.
  const at = [
    [5, 1],
    [6, 3],
    [DAY / HOUR + 1, 5],
  ];
  for (const [hour, n] of at)
    for (let i = 0; i < n; i++)
      timedRows.push(
        usageRow({
          endpoint_name: timed,
          event_time: TT + hour * HOUR + i * 60_000,
          latency_ms: 10 * (i + 1),
          input_tokens: i,
          request_tags: i % 2 === 0 ? { env: ODD } : {},
        }),
      );
  await ingestUsageRows(timedRows);
});

const summary = (query: string, token: string = env.GATEWAY_ADMIN_TOKEN) =>
  call('GET', `/api/2.0/ai-gateway/usage/summary?${query}`, token);
const mine = () => rows;
const byKey = (groups: any[]) => Object.fromEntries(groups.map((g) => [g.key, g]));

describe('GET /api/2.0/ai-gateway/usage/summary', () => {
  it('groups by endpoint', async () => {
    const res = await summary(`group_by=endpoint&start_time=${T0}&end_time=${T0 + 3 * DAY}`);
    expect(res.status).toBe(200);
    const groups = byKey(res.json.groups);
    expect(groups[a]).toEqual({ key: a, ...expected(mine().filter((r) => r.endpoint_name === a)) });
    expect(groups[b]).toEqual({ key: b, ...expected(mine().filter((r) => r.endpoint_name === b)) });
  });

  it('groups by requester, served entity, day and tag', async () => {
    const window = `start_time=${T0}&end_time=${T0 + 3 * DAY}`;
    const requesters = byKey((await summary(`group_by=requester&${window}`)).json.groups);
    for (const who of ['user-x', 'user-y', 'user-z'])
      expect(requesters[who]).toEqual({
        key: who,
        ...expected(mine().filter((r) => r.requester === who)),
      });

    const entities = byKey(
      (await summary(`group_by=served_entity&endpoint_name=${a}`)).json.groups,
    );
    expect(Object.keys(entities).sort()).toEqual([`${a}/entity-0`, `${a}/entity-1`]);
    expect(entities[`${a}/entity-1`]).toEqual({
      key: `${a}/entity-1`,
      ...expected(
        mine().filter((r) => r.endpoint_name === a && r.served_entity_name === 'entity-1'),
      ),
    });

    const days = byKey((await summary(`group_by=day&${window}`)).json.groups);
    const day = (n: number) => new Date(T0 + n * DAY).toISOString().slice(0, 10);
    expect(Object.keys(days).sort()).toEqual([day(0), day(1), day(2)]);
    expect(days[day(1)]).toEqual({
      key: day(1),
      ...expected(mine().filter((r) => r.event_time >= T0 + DAY && r.event_time < T0 + 2 * DAY)),
    });

    const tags = byKey((await summary(`group_by=tag:team&${window}`)).json.groups);
    expect(tags.search).toEqual({
      key: 'search',
      ...expected(
        mine().filter((r) => r.request_tags.team === 'search'),
        true,
      ),
    });
    expect(tags.ads).toEqual({
      key: 'ads',
      ...expected(
        mine().filter((r) => r.request_tags.team === 'ads'),
        true,
      ),
    });
    expect(tags.null).toEqual({
      key: null,
      ...expected(
        mine().filter((r) => !r.request_tags.team),
        true,
      ),
    });
  });

  it('groups by provider, from the rollups the consumer wrote', async () => {
    const res = await summary(`group_by=provider&start_time=${T0}&end_time=${T0 + 3 * DAY}`);
    expect(res.status).toBe(200);
    const providers = byKey(res.json.groups);
    for (const p of ['openai', 'anthropic'])
      expect(providers[p]).toEqual({ key: p, ...expected(mine().filter((r) => r.provider === p)) });
    expect(providers.null).toEqual({
      key: null,
      ...expected(mine().filter((r) => r.provider === null)),
    });
    // Busiest first.
    expect(res.json.groups.map((g: any) => g.key)).toEqual(['openai', 'anthropic', null]);
  });

  it('totals everything in one group, from the rollups and under a tag filter', async () => {
    const window = `start_time=${T0}&end_time=${T0 + 3 * DAY}`;
    expect((await summary(`group_by=total&${window}`)).json.groups).toEqual([
      { key: 'total', ...expected(mine()) },
    ]);
    expect((await summary(`group_by=total&tag=team:ads&${window}`)).json.groups).toEqual([
      {
        key: 'total',
        ...expected(
          mine().filter((r) => r.request_tags.team === 'ads'),
          true,
        ),
      },
    ]);
    expect((await summary(`group_by=total&tag=team:nobody&${window}`)).json.groups).toEqual([]);
  });

  it('groups by hour and by day in time order, whichever is busiest', async () => {
    const hours = await summary(`group_by=hour&endpoint_name=${timed}`);
    expect(hours.status).toBe(200);
    const hourKey = (h: number) => new Date(TT + h * HOUR).toISOString().replace('.000', '');
    const inHour = (h: number) =>
      timedRows.filter((r) => r.event_time >= TT + h * HOUR && r.event_time < TT + (h + 1) * HOUR);
    expect(hours.json.groups).toEqual(
      [5, 6, DAY / HOUR + 1].map((h) => ({ key: hourKey(h), ...expected(inHour(h)) })),
    );
    expect(hours.json.groups[0].key).toMatch(/^\d{4}-\d\d-\d\dT05:00:00Z$/);

    const days = await summary(`group_by=day&endpoint_name=${timed}`);
    expect(days.json.groups.map((g: any) => [g.key, g.requests])).toEqual([
      [new Date(TT).toISOString().slice(0, 10), 4],
      [new Date(TT + DAY).toISOString().slice(0, 10), 5],
    ]);
  });

  it('filters by tag for every grouping, from the raw rows', async () => {
    const window = `start_time=${T0}&end_time=${T0 + 3 * DAY}`;
    const search = mine().filter((r) => r.request_tags.team === 'search');
    const res = await summary(`group_by=endpoint&tag=team:search&${window}`);
    expect(res.status).toBe(200);
    expect(byKey(res.json.groups)).toEqual({
      [a]: {
        key: a,
        ...expected(
          search.filter((r) => r.endpoint_name === a),
          true,
        ),
      },
      [b]: {
        key: b,
        ...expected(
          search.filter((r) => r.endpoint_name === b),
          true,
        ),
      },
    });

    // A value with a quote and a colon, and two tags at once.
    const odd = encodeURIComponent(`env:${ODD}`);
    const oddAds = mine().filter(
      (r) => r.request_tags.env === ODD && r.request_tags.team === 'ads',
    );
    expect(oddAds.length).toBeGreaterThan(0);
    const providers = await summary(`group_by=provider&tag=${odd}&tag=team:ads&${window}`);
    expect(byKey(providers.json.groups)).toEqual(
      Object.fromEntries(
        [...new Set(oddAds.map((r) => r.provider))].map((p) => [
          p,
          {
            key: p,
            ...expected(
              oddAds.filter((r) => r.provider === p),
              true,
            ),
          },
        ]),
      ),
    );

    // A key alone: any value.
    const teams = await summary(`group_by=requester&tag=team&${window}`);
    expect(teams.json.groups.reduce((n: number, g: any) => n + g.requests, 0)).toBe(
      mine().filter((r) => r.request_tags.team).length,
    );

    // Hours and days under a tag filter, in time order.
    const oddTimed = timedRows.filter((r) => r.request_tags.env === ODD);
    const hours = await summary(`group_by=hour&endpoint_name=${timed}&tag=${odd}`);
    expect(hours.json.groups).toEqual(
      [5, 6, DAY / HOUR + 1].map((h) => ({
        key: new Date(TT + h * HOUR).toISOString().replace('.000', ''),
        ...expected(
          oddTimed.filter(
            (r) => r.event_time >= TT + h * HOUR && r.event_time < TT + (h + 1) * HOUR,
          ),
          true,
        ),
      })),
    );
    const days = await summary(`group_by=day&endpoint_name=${timed}&tag=${odd}`);
    expect(days.json.groups.map((g: any) => [g.key, g.requests])).toEqual([
      [new Date(TT).toISOString().slice(0, 10), 3],
      [new Date(TT + DAY).toISOString().slice(0, 10), 3],
    ]);

    // Grouped by a tag and filtered by another.
    const tagged = await summary(`group_by=tag:team&tag=${odd}&${window}`);
    expect(byKey(tagged.json.groups).search).toEqual({
      key: 'search',
      ...expected(
        search.filter((r) => r.request_tags.env === ODD),
        true,
      ),
    });
  });

  it('honours the time window and the requester filter', async () => {
    const res = await summary(
      `group_by=endpoint&endpoint_name=${a}&requester=user-z&start_time=${T0 + 2 * DAY}&end_time=${T0 + 3 * DAY}`,
    );
    expect(res.json.groups[0]?.requests).toBeGreaterThan(0);
    expect(res.json.groups).toEqual([
      {
        key: a,
        ...expected(
          mine().filter(
            (r) =>
              r.endpoint_name === a &&
              r.requester === 'user-z' &&
              r.event_time >= T0 + 2 * DAY &&
              r.event_time < T0 + 3 * DAY,
          ),
        ),
      },
    ]);
  });

  it('rejects an unknown grouping and is for managers only', async () => {
    for (const g of ['planet', 'tag:', 'tag:a"b']) {
      const res = await summary(`group_by=${encodeURIComponent(g)}`);
      expect(res.status).toBe(400);
      expect(res.json).toEqual({
        error_code: 'INVALID_PARAMETER_VALUE',
        message: expect.stringContaining('group_by'),
      });
    }
    const querier = await tokenFor(unique('q'), { [a]: 'CAN_QUERY' });
    expect((await summary(`group_by=endpoint&endpoint_name=${a}`, querier)).status).toBe(403);
    expect((await summary('group_by=endpoint', querier)).json.groups).toEqual([]);
    const manager = await tokenFor(unique('m'), { [b]: 'CAN_MANAGE' });
    expect(
      (await summary('group_by=endpoint', manager)).json.groups.map((g: any) => g.key),
    ).toEqual([b]);
    // A tag filter stays within the endpoints managed (team=search is on a and b).
    const bSearch = mine().filter((r) => r.endpoint_name === b && r.request_tags.team === 'search');
    expect(bSearch.length).toBeGreaterThan(0);
    expect((await summary('group_by=endpoint&tag=team:search', manager)).json.groups).toEqual([
      { key: b, ...expected(bSearch, true) },
    ]);
    expect((await summary('group_by=hour&tag=team:search', querier)).json.groups).toEqual([]);
    const bad = await summary('group_by=endpoint&tag=%3Asearch');
    expect(bad.status).toBe(400);
    expect(bad.json).toEqual({
      error_code: 'INVALID_PARAMETER_VALUE',
      message: expect.stringContaining('tag'),
    });
  });
});
