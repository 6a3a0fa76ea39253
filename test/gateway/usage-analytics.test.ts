import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { UsageRecorder } from '../../src/gateway/usage';
import { usageFromRow } from '../../src/storage/usage';

// Each usage row is also one Analytics Engine data point, laid out as the README documents.

function recorder(dataset: AnalyticsEngineDataset) {
  const pending: Promise<unknown>[] = [];
  const ctx = { waitUntil: (p: Promise<unknown>) => pending.push(p), passThroughOnException() {}, props: {} } as unknown as ExecutionContext;
  const r = new UsageRecorder({ ...env, USAGE_EVENTS: dataset }, ctx, crypto.randomUUID(), 'chat/completions', { name: 'alice', type: 'user', groups: [], isAdmin: false }, 'sdk/1.0');
  return { r, settle: () => Promise.all(pending) };
}

const storedRow = (id: string) => env.DB.prepare('SELECT * FROM usage WHERE request_id = ?').bind(id).first<Record<string, unknown>>();

describe('usage analytics', () => {
  it('writes one data point per row with the documented blobs, doubles and index', async () => {
    const points: AnalyticsEngineDataPoint[] = [];
    const { r, settle } = recorder({ writeDataPoint: (p) => points.push(p!) } as AnalyticsEngineDataset);
    Object.assign(r.row, { endpoint_name: 'ep', endpoint_id: 'id1', served_entity_name: 'e0', provider: 'openai', destination_model: 'gpt-4o-mini', streaming: true, request_tags: { team: 'a' } });
    r.usage({ inputTokens: 11, outputTokens: 7, cacheReadTokens: 3 });
    r.markFirstByte();
    r.finish(200);
    await settle();
    expect(points).toHaveLength(1);
    const [point] = points;
    expect(point.indexes).toEqual(['ep']);
    expect(point.blobs).toEqual(['ep', 'e0', 'openai', 'gpt-4o-mini', 'alice', 'user', 'chat/completions', r.row.request_id, '{"team":"a"}', '', 'sdk/1.0']);
    expect(point.doubles!.slice(0, 6)).toEqual([200, 11, 7, 18, 3, 0]);
    expect(point.doubles![6]).toBe(r.row.latency_ms);
    expect(point.doubles!.slice(8)).toEqual([0, 1, 0]);
    expect(usageFromRow((await storedRow(r.row.request_id))!)).toMatchObject({ endpoint_name: 'ep', total_tokens: 18 });
  });

  it('carries the largest request tags allowed whole, as JSON that parses back to them', async () => {
    const points: AnalyticsEngineDataPoint[] = [];
    const { r, settle } = recorder({ writeDataPoint: (p) => points.push(p!) } as AnalyticsEngineDataset);
    const tags = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`${i}`.padStart(64, 'k'), 'v'.repeat(256)]));
    Object.assign(r.row, { endpoint_name: 'ep', request_tags: tags });
    r.finish(200);
    await settle();
    expect(JSON.parse(points[0].blobs![8] as string)).toEqual(tags);
  });

  it('a failing dataset costs neither the request nor the usage row', async () => {
    const { r, settle } = recorder({ writeDataPoint: () => { throw new Error('AE down'); } } as AnalyticsEngineDataset);
    r.row.endpoint_name = 'ep';
    r.finish(502, 'upstream failed');
    await settle();
    expect(await storedRow(r.row.request_id)).toMatchObject({ status_code: 502, error_message: 'upstream failed' });
  });
});
