import { describe, expect, it } from 'vitest';
import type { SummaryGroup } from '../src/api/types';
import { seriesGrouping, summaryBuckets } from '../src/lib/bucket';

const HOUR = 3_600_000;
const DAY = 86_400_000;
const T = Date.UTC(2026, 11, 6);

const group = (key: string, patch: Partial<SummaryGroup> = {}): SummaryGroup => ({
  key,
  requests: 3,
  errors: 1,
  input_tokens: 10,
  output_tokens: 5,
  total_tokens: 15,
  cache_read_input_tokens: 2,
  latency_p50_ms: 100,
  latency_p95_ms: 300,
  ...patch,
});

describe('summaryBuckets', () => {
  it('covers the whole range with aligned hours, empty ones as zeros', () => {
    const buckets = summaryBuckets([], T + HOUR / 2, T + 3 * HOUR + 1, 'hour');
    expect(buckets.map((b) => b.start)).toEqual([T, T + HOUR, T + 2 * HOUR, T + 3 * HOUR]);
    expect(buckets.every((b) => b.requests === 0 && b.latency_p50_ms === null)).toBe(true);
  });

  it('puts each hour group at its hour, with its sums and percentiles', () => {
    const buckets = summaryBuckets(
      [
        group('2026-12-06T02:00:00Z', { requests: 7, latency_p95_ms: 90 }),
        group('2026-12-06T00:00:00Z'),
      ],
      T,
      T + 3 * HOUR,
      'hour',
    );
    expect(buckets.map((b) => b.requests)).toEqual([3, 0, 7]);
    expect(buckets[0]).toEqual({
      start: T,
      requests: 3,
      errors: 1,
      input_tokens: 10,
      output_tokens: 5,
      cached_tokens: 2,
      latency_p50_ms: 100,
      latency_p95_ms: 300,
    });
    expect(buckets[2].latency_p95_ms).toBe(90);
  });

  it('reads day keys as UTC midnights', () => {
    const buckets = summaryBuckets([group('2026-12-07')], T + HOUR, T + 2 * DAY, 'day');
    expect(buckets.map((b) => [b.start, b.requests])).toEqual([
      [T, 0],
      [T + DAY, 3],
    ]);
  });

  it('leaves out groups outside the range', () => {
    const buckets = summaryBuckets(
      [group('2026-12-05T23:00:00Z'), group('2026-12-06T05:00:00Z')],
      T,
      T + 2 * HOUR,
      'hour',
    );
    expect(buckets.reduce((n, b) => n + b.requests, 0)).toBe(0);
  });
});

describe('seriesGrouping', () => {
  it('takes hours up to two days and days beyond', () => {
    expect(seriesGrouping(HOUR)).toBe('hour');
    expect(seriesGrouping(2 * DAY)).toBe('hour');
    expect(seriesGrouping(2 * DAY + 1)).toBe('day');
    expect(seriesGrouping(30 * DAY)).toBe('day');
  });
});
