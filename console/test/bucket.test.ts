import { describe, expect, it } from 'vitest';
import type { UsageRow } from '../src/api/types';
import { bucketRows, bucketSize } from '../src/lib/bucket';

const row = (event_time: number, patch: Partial<UsageRow> = {}) =>
  ({
    event_time,
    status_code: 200,
    input_tokens: 10,
    output_tokens: 5,
    cache_read_input_tokens: 2,
    latency_ms: 100,
    ...patch,
  }) as UsageRow;

describe('bucketRows', () => {
  it('covers the whole range with aligned buckets, empty ones as zeros', () => {
    const buckets = bucketRows([], 90_000, 300_000, 60_000);
    expect(buckets.map((b) => b.start)).toEqual([60_000, 120_000, 180_000, 240_000]);
    expect(buckets.every((b) => b.requests === 0 && b.latency_p50_ms === null)).toBe(true);
  });

  it('sums requests, errors and tokens and takes latency percentiles per bucket', () => {
    const rows = [
      row(60_000, { latency_ms: 100 }),
      row(61_000, { latency_ms: 300, status_code: 429 }),
      row(62_000, { latency_ms: 200, input_tokens: null }),
      row(130_000, { latency_ms: 50, status_code: 502 }),
    ];
    const [first, second] = bucketRows(rows, 60_000, 180_000, 60_000);
    expect(first).toMatchObject({
      requests: 3,
      errors: 1,
      input_tokens: 20,
      output_tokens: 15,
      cached_tokens: 6,
      latency_p50_ms: 200,
      latency_p95_ms: 300,
    });
    expect(second).toMatchObject({ requests: 1, errors: 1, latency_p50_ms: 50 });
  });

  it('leaves out rows outside the range', () => {
    const buckets = bucketRows([row(0), row(500_000)], 60_000, 120_000, 60_000);
    expect(buckets.reduce((n, b) => n + b.requests, 0)).toBe(0);
  });
});

describe('bucketSize', () => {
  it('gives at most 60 points for every preset range', () => {
    for (const range of [3_600_000, 86_400_000, 7 * 86_400_000])
      expect(range / bucketSize(range)).toBeLessThanOrEqual(60);
    expect(bucketSize(3_600_000)).toBe(60_000);
  });
});
