import type { SummaryGroup } from '../api/types';

/** One point of the dashboard's time series: the requests that started in [start, start + size). */
export interface Bucket {
  start: number;
  requests: number;
  errors: number;
  input_tokens: number;
  output_tokens: number;
  cached_tokens: number;
  latency_p50_ms: number | null;
  latency_p95_ms: number | null;
}

/** The summary's time groupings, whose keys are UTC `YYYY-MM-DD` and `YYYY-MM-DDTHH:00:00Z`. */
export type SeriesGrouping = 'hour' | 'day';

const SIZE: Record<SeriesGrouping, number> = { hour: 3_600_000, day: 86_400_000 };

/** Hours up to two days (at most 49 points), days beyond: the rollups have nothing finer. */
export const seriesGrouping = (rangeMs: number): SeriesGrouping =>
  rangeMs <= 2 * SIZE.day ? 'hour' : 'day';

/**
 * Summary groups by hour or day into consecutive buckets covering [start, end): every bucket is
 * present, empty ones as zeros, so a quiet hour shows as a dip and not as a line drawn across it.
 */
export function summaryBuckets(
  groups: readonly SummaryGroup[],
  start: number,
  end: number,
  grouping: SeriesGrouping,
): Bucket[] {
  const size = SIZE[grouping];
  const first = Math.floor(start / size) * size;
  const count = Math.max(1, Math.ceil((end - first) / size));
  // Date.parse reads both key forms as UTC (a date alone is UTC midnight).
  const byStart = new Map(groups.map((g) => [Date.parse(g.key ?? ''), g]));
  return Array.from({ length: count }, (_, i) => {
    const t = first + i * size;
    const g = byStart.get(t);
    return {
      start: t,
      requests: g?.requests ?? 0,
      errors: g?.errors ?? 0,
      input_tokens: g?.input_tokens ?? 0,
      output_tokens: g?.output_tokens ?? 0,
      cached_tokens: g?.cache_read_input_tokens ?? 0,
      latency_p50_ms: g?.latency_p50_ms ?? null,
      latency_p95_ms: g?.latency_p95_ms ?? null,
    };
  });
}
