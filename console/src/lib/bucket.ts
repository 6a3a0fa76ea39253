import type { UsageRow } from '../api/types';
import { percentile } from './percentile';

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

/** A bucket width that gives a readable chart (about 30–60 points) for a range. */
export function bucketSize(rangeMs: number): number {
  const steps = [
    60_000,
    5 * 60_000,
    15 * 60_000,
    3_600_000,
    3 * 3_600_000,
    6 * 3_600_000,
    86_400_000,
  ];
  return steps.find((s) => rangeMs / s <= 60) ?? 86_400_000;
}

/**
 * Rows into consecutive buckets covering [start, end): every bucket is present, empty ones as
 * zeros, so a quiet hour shows as a dip and not as a line drawn across it.
 */
export function bucketRows(
  rows: readonly UsageRow[],
  start: number,
  end: number,
  size: number,
): Bucket[] {
  const first = Math.floor(start / size) * size;
  const count = Math.max(1, Math.ceil((end - first) / size));
  const latencies: number[][] = Array.from({ length: count }, () => []);
  const buckets: Bucket[] = Array.from({ length: count }, (_, i) => ({
    start: first + i * size,
    requests: 0,
    errors: 0,
    input_tokens: 0,
    output_tokens: 0,
    cached_tokens: 0,
    latency_p50_ms: null,
    latency_p95_ms: null,
  }));
  for (const row of rows) {
    const i = Math.floor((row.event_time - first) / size);
    if (i < 0 || i >= count) continue;
    const b = buckets[i];
    b.requests += 1;
    if (row.status_code >= 400) b.errors += 1;
    b.input_tokens += row.input_tokens ?? 0;
    b.output_tokens += row.output_tokens ?? 0;
    b.cached_tokens += row.cache_read_input_tokens ?? 0;
    if (row.latency_ms !== null && row.latency_ms !== undefined) latencies[i].push(row.latency_ms);
  }
  buckets.forEach((b, i) => {
    b.latency_p50_ms = percentile(latencies[i], 50);
    b.latency_p95_ms = percentile(latencies[i], 95);
  });
  return buckets;
}
