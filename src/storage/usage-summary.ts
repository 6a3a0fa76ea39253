import type { JsonObject } from '../formats/json';
import { tagPath, usageWhere, type UsageFilter } from './usage';
import {
  GROUP_EXPRESSION,
  groupOrder,
  summarizeRollups,
  type RollupGroup,
  type RollupGrouping,
} from './usage-rollups';

// Usage aggregated per group (GET /api/2.0/ai-gateway/usage/summary). Endpoint, served entity,
// provider, requester, day and hour come from the hourly rollups, over any range. Tags, which
// nobody declares up front and the rollups do not key, come from the raw rows D1 keeps
// (USAGE_RETENTION_DAYS): grouping by a tag key, and any grouping under a tag filter.

export type UsageGrouping = { kind: RollupGrouping } | { kind: 'tag'; key: string };

export type UsageGroup = RollupGroup;

const TOKEN_SUMS = `SUM(input_tokens) AS input_tokens, SUM(output_tokens) AS output_tokens,
  SUM(total_tokens) AS total_tokens, SUM(cache_read_input_tokens) AS cache_read_input_tokens,
  SUM(cache_creation_input_tokens) AS cache_creation_input_tokens, SUM(reasoning_tokens) AS reasoning_tokens`;

export async function summarizeUsage(
  db: D1Database,
  filter: UsageFilter,
  grouping: UsageGrouping,
): Promise<UsageGroup[]> {
  if (grouping.kind === 'tag')
    return summarizeRaw(db, filter, 'tag', 'json_extract(request_tags, ?)', [
      tagPath(grouping.key),
    ]);
  if (filter.tags?.length)
    return summarizeRaw(db, filter, grouping.kind, GROUP_EXPRESSION[grouping.kind]('event_time'));
  return summarizeRollups(db, filter, grouping.kind);
}

/**
 * Exact, from raw rows, grouped by the SQL `grp` (bound with `grpArgs`). Percentiles are
 * nearest-rank: the p-th of n sorted latencies is the one at rank ceil(p·n/100), written
 * (p·n + 99) / 100 in integer arithmetic because SQLite has no ceil() everywhere.
 */
async function summarizeRaw(
  db: D1Database,
  filter: UsageFilter,
  kind: UsageGrouping['kind'],
  grp: string,
  grpArgs: unknown[] = [],
): Promise<UsageGroup[]> {
  const where = usageWhere(filter);
  if (!where) return [];
  // Tag keys and values travel as bound parameters (`grpArgs`, then the filter's).
  const base = `SELECT ${grp} AS grp, * FROM usage ${where.sql}`;
  const args = [...grpArgs, ...where.args];
  const totals = db
    .prepare(
      `SELECT grp, COUNT(*) AS requests, ${TOKEN_SUMS},
              SUM(CASE WHEN status_code >= 400 THEN 1 ELSE 0 END) AS errors
       FROM (${base}) GROUP BY grp ORDER BY ${groupOrder(kind)}`,
    )
    .bind(...args);
  const percentiles = db
    .prepare(
      `SELECT grp, latency_ms, rn, n FROM (
         SELECT grp, latency_ms, ROW_NUMBER() OVER (PARTITION BY grp ORDER BY latency_ms) AS rn, COUNT(*) OVER (PARTITION BY grp) AS n
         FROM (${base}) WHERE latency_ms IS NOT NULL)
       WHERE rn = (50 * n + 99) / 100 OR rn = (95 * n + 99) / 100`,
    )
    .bind(...args);
  const [t, p] = await db.batch<JsonObject>([totals, percentiles]);
  const latency = new Map<string | null, { p50: number | null; p95: number | null }>();
  for (const row of p.results) {
    const entry = latency.get(row.grp) ?? { p50: null, p95: null };
    if (row.rn === Math.floor((50 * row.n + 99) / 100)) entry.p50 = row.latency_ms;
    if (row.rn === Math.floor((95 * row.n + 99) / 100)) entry.p95 = row.latency_ms;
    latency.set(row.grp, entry);
  }
  return t.results.map((row) => ({
    key: row.grp === null ? null : String(row.grp),
    requests: row.requests,
    input_tokens: row.input_tokens ?? 0,
    output_tokens: row.output_tokens ?? 0,
    total_tokens: row.total_tokens ?? 0,
    cache_read_input_tokens: row.cache_read_input_tokens ?? 0,
    cache_creation_input_tokens: row.cache_creation_input_tokens ?? 0,
    reasoning_tokens: row.reasoning_tokens ?? 0,
    errors: row.errors ?? 0,
    latency_p50_ms: latency.get(row.grp)?.p50 ?? null,
    latency_p95_ms: latency.get(row.grp)?.p95 ?? null,
  }));
}
