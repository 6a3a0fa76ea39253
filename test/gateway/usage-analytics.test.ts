import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import type { ServedEntity } from '../../src/config/served-entity';
import type { LiveEndpoint } from '../../src/gateway/endpoints';
import { UsageRecorder } from '../../src/gateway/usage';
import { usageFromRow, type UsageRow } from '../../src/storage/usage';
import { requestContext } from '../helpers/execution-context';

// Each usage row is also one Analytics Engine data point, laid out as the README documents.

function recorder(dataset: AnalyticsEngineDataset) {
  const { ctx, settled } = requestContext();
  const r = new UsageRecorder(
    { ...env, USAGE_EVENTS: dataset },
    ctx,
    crypto.randomUUID(),
    'chat/completions',
    { name: 'alice', type: 'user', groups: [], isAdmin: false },
    'sdk/1.0',
  );
  let written: Readonly<UsageRow> | undefined;
  r.onFinish(async (row) => {
    written = row;
  });
  /** The row as written, once every waitUntil is done. */
  const settle = async () => {
    await settled();
    return written!;
  };
  return { r, settle };
}

/** The row once the usage queue's consumer has stored it. */
async function storedRow(id: string): Promise<Record<string, unknown> | null> {
  const deadline = Date.now() + 5000;
  for (;;) {
    const row = await env.DB.prepare('SELECT * FROM usage WHERE request_id = ?')
      .bind(id)
      .first<Record<string, unknown>>();
    if (row || Date.now() > deadline) return row;
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('usage analytics', () => {
  it('writes one data point per row with the documented blobs, doubles and index', async () => {
    const points: AnalyticsEngineDataPoint[] = [];
    const { r, settle } = recorder({
      writeDataPoint: (p) => points.push(p!),
    } as AnalyticsEngineDataset);
    r.endpoint({ record: { name: 'ep', id: 'id1', ai_gateway: {} } } as LiveEndpoint);
    r.entity({ name: 'e0', provider: 'openai', model: 'gpt-4o-mini' } as ServedEntity, 0);
    r.streaming(true);
    r.tagged({ team: 'a' });
    r.usage({ inputTokens: 11, outputTokens: 7, cacheReadTokens: 3 });
    r.markFirstByte();
    r.finish(200);
    const row = await settle();
    expect(points).toHaveLength(1);
    const [point] = points;
    expect(point.indexes).toEqual(['ep']);
    expect(point.blobs).toEqual([
      'ep',
      'e0',
      'openai',
      'gpt-4o-mini',
      'alice',
      'user',
      'chat/completions',
      row.request_id,
      '{"team":"a"}',
      '',
      'sdk/1.0',
    ]);
    expect(point.doubles!.slice(0, 6)).toEqual([200, 11, 7, 18, 3, 0]);
    expect(point.doubles![6]).toBe(row.latency_ms);
    expect(point.doubles!.slice(8)).toEqual([0, 1, 0]);
    expect(usageFromRow((await storedRow(row.request_id))!)).toMatchObject({
      endpoint_name: 'ep',
      total_tokens: 18,
    });
  });

  it('carries the largest request tags allowed whole, as JSON that parses back to them', async () => {
    const points: AnalyticsEngineDataPoint[] = [];
    const { r, settle } = recorder({
      writeDataPoint: (p) => points.push(p!),
    } as AnalyticsEngineDataset);
    const tags = Object.fromEntries(
      Array.from({ length: 20 }, (_, i) => [`${i}`.padStart(64, 'k'), 'v'.repeat(256)]),
    );
    r.named('ep');
    r.tagged(tags);
    r.finish(200);
    await settle();
    expect(JSON.parse(points[0].blobs![8] as string)).toEqual(tags);
  });

  it('a failing dataset costs neither the request nor the usage row', async () => {
    const { r, settle } = recorder({
      writeDataPoint: () => {
        throw new Error('AE down');
      },
    } as AnalyticsEngineDataset);
    r.named('ep');
    r.finish(502, 'upstream failed');
    const row = await settle();
    expect(await storedRow(row.request_id)).toMatchObject({
      status_code: 502,
      error_message: 'upstream failed',
    });
  });
});
