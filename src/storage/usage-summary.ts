import { usageWhere, type UsageFilter } from './usage';
import type { JsonObject } from '../formats/json';

// Usage aggregated per group (GET /api/2.0/ai-gateway/usage/summary), computed in D1.

export type UsageGrouping =
  | { kind: 'endpoint' }
  | { kind: 'requester' }
  | { kind: 'served_entity' }
  | { kind: 'day' }
  | { kind: 'tag'; key: string };

export interface UsageGroup {
  key: string | null;
  requests: number;
  input_tokens: number;
  output_tokens: number;
  total_tokens: number;
  errors: number;
  latency_p50_ms: number | null;
  latency_p95_ms: number | null;
}

/** The SQL expression naming a row's group; the tag key travels as a bound JSON path. */
function groupExpression(g: UsageGrouping): { sql: string; args: unknown[] } {
  switch (g.kind) {
    case 'endpoint':
      return { sql: 'endpoint_name', args: [] };
    case 'requester':
      return { sql: 'requester', args: [] };
    case 'served_entity':
      // Entity names are only unique within an endpoint.
      return { sql: "endpoint_name || '/' || served_entity_name", args: [] };
    case 'day':
      return { sql: "strftime('%Y-%m-%d', event_time / 1000, 'unixepoch')", args: [] };
    case 'tag':
      return { sql: 'json_extract(request_tags, ?)', args: [`$."${g.key}"`] };
  }
}

/**
 * Percentiles are nearest-rank: the p-th of n sorted latencies is the one at rank ceil(p·n/100),
 * written (p·n + 99) / 100 in integer arithmetic because SQLite has no ceil() everywhere.
 */
export async function summarizeUsage(
  db: D1Database,
  filter: UsageFilter,
  grouping: UsageGrouping,
): Promise<UsageGroup[]> {
  const where = usageWhere(filter);
  if (!where) return [];
  const group = groupExpression(grouping);
  const base = `SELECT ${group.sql} AS grp, * FROM usage ${where.sql}`;
  const args = [...group.args, ...where.args];
  const totals = db
    .prepare(
      `SELECT grp, COUNT(*) AS requests, SUM(input_tokens) AS input_tokens, SUM(output_tokens) AS output_tokens,
              SUM(total_tokens) AS total_tokens, SUM(CASE WHEN status_code >= 400 THEN 1 ELSE 0 END) AS errors
       FROM (${base}) GROUP BY grp ORDER BY requests DESC, grp`,
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
    errors: row.errors ?? 0,
    latency_p50_ms: latency.get(row.grp)?.p50 ?? null,
    latency_p95_ms: latency.get(row.grp)?.p95 ?? null,
  }));
}
