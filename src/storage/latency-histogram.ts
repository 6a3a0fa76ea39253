// Latency histograms for the usage rollups: bucket i holds latencies whose upper bound is
// GROWTH^i - 1 ms, so any percentile read from them is at most 8% above the true value.

const GROWTH = 1.08;
const LOG_GROWTH = Math.log(GROWTH);

/** The bucket of a latency in milliseconds. */
export function latencyBucket(latencyMs: number): number {
  return Math.max(0, Math.ceil(Math.log(Math.max(0, latencyMs) + 1) / LOG_GROWTH - 1e-9));
}

/** The largest latency (ms) bucket `index` holds: what a percentile falling in it reports. */
export function bucketUpperBound(index: number): number {
  return Math.floor(GROWTH ** index - 1 + 1e-9);
}

/**
 * Nearest-rank percentiles from bucket counts: the p-th of n latencies is the one at rank
 * ceil(p·n/100), reported as the upper bound of its bucket.
 */
export function percentiles(
  counts: ReadonlyMap<number, number>,
  ps: readonly number[],
): Array<number | null> {
  const buckets = [...counts.entries()].filter(([, n]) => n > 0).sort(([a], [b]) => a - b);
  const total = buckets.reduce((sum, [, n]) => sum + n, 0);
  return ps.map((p) => {
    if (total === 0) return null;
    const rank = Math.ceil((p / 100) * total);
    let seen = 0;
    for (const [bucket, n] of buckets) {
      seen += n;
      if (seen >= rank) return bucketUpperBound(bucket);
    }
    return null;
  });
}
