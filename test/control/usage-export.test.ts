import { env, SELF } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { call, GW, tokenFor, unique } from '../helpers/gateway';
import { ingestUsageRows, usageRow } from '../helpers/usage-rows';

// GET /api/2.0/ai-gateway/usage/export: the archived rows of a time range as NDJSON, read back
// from R2 (so it reaches past the raw rows D1 keeps), for the admin only.

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** Midnight UTC ten days ago: past D1's raw-row retention, so only R2 can answer. */
const DAY0 = Math.floor(Date.now() / DAY - 10) * DAY;
const rows: ReturnType<typeof usageRow>[] = [];

async function exported(query: string, token = env.GATEWAY_ADMIN_TOKEN) {
  const res = await SELF.fetch(`${GW}/api/2.0/ai-gateway/usage/export?${query}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  const text = new TextDecoder().decode(await res.arrayBuffer());
  return {
    res,
    text,
    rows: text
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l)),
  };
}

const ids = (list: { request_id: string }[]) => list.map((r) => r.request_id).sort();

beforeAll(async () => {
  const endpoint = unique('export');
  // Every 20 minutes over 30 hours from DAY0 - 3h: rows on both sides of each boundary tested.
  for (let t = DAY0 - 3 * HOUR; t < DAY0 + 27 * HOUR; t += 20 * 60_000)
    rows.push(usageRow({ endpoint_name: endpoint, event_time: t, input_tokens: 3 }));
  await ingestUsageRows(rows);
});

describe('GET /api/2.0/ai-gateway/usage/export', () => {
  it('streams a day of archived rows as NDJSON, each row once, given as ISO dates', async () => {
    const day = new Date(DAY0).toISOString().slice(0, 10);
    const next = new Date(DAY0 + DAY).toISOString().slice(0, 10);
    const { res, rows: out } = await exported(`start_time=${day}&end_time=${next}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/x-ndjson');
    const expected = rows.filter((r) => r.event_time >= DAY0 && r.event_time < DAY0 + DAY);
    expect(out).toHaveLength(72);
    expect(ids(out)).toEqual(ids(expected));
    expect(out.find((r) => r.request_id === expected[5].request_id)).toEqual(expected[5]);
  });

  it('cuts ranges that start and end inside an hour exactly, in epoch milliseconds', async () => {
    const start = DAY0 + 30 * 60_000;
    const end = DAY0 + 2 * HOUR + 50 * 60_000;
    const { rows: out } = await exported(`start_time=${start}&end_time=${end}`);
    expect(ids(out)).toEqual(ids(rows.filter((r) => r.event_time >= start && r.event_time < end)));
    expect(out).toHaveLength(7);
  });

  it('is for the admin only, and names what is wrong with the range', async () => {
    const user = await tokenFor(unique('export-user'), {});
    const refused = await exported(`start_time=${DAY0}&end_time=${DAY0 + HOUR}`, user);
    expect(refused.res.status).toBe(403);
    expect(JSON.parse(refused.text).error_code).toBe('PERMISSION_DENIED');
    for (const [query, words] of [
      [`start_time=${DAY0}`, 'start_time and end_time are required'],
      [`start_time=${DAY0}&end_time=${DAY0}`, 'end_time must be after start_time'],
      [`start_time=yesterday&end_time=${DAY0}`, 'start_time must be epoch milliseconds'],
    ]) {
      const res = await call(
        'GET',
        `/api/2.0/ai-gateway/usage/export?${query}`,
        env.GATEWAY_ADMIN_TOKEN,
      );
      expect(res.status).toBe(400);
      expect(res.json).toMatchObject({ error_code: 'INVALID_PARAMETER_VALUE' });
      expect(res.json.message).toContain(words);
    }
  });
});
