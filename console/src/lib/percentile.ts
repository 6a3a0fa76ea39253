/**
 * The nearest-rank percentile, as the gateway's usage summary computes it: the p-th of n sorted
 * values is the one at rank ceil(p·n/100). Null when there are no values.
 */
export function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1];
}
