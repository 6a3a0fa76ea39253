import type { JsonObject } from '../formats/json';
import { percentiles } from './latency-histogram';
import { TOKEN_COLUMNS, usageWhere, type UsageFilter } from './usage';

// Hourly usage rollups: per hour × endpoint × served entity × provider × requester × status class, the
// request count, token sums, latency sum and a latency histogram. Their size follows the number
// of distinct keys per hour, not traffic, so summaries over any range stay cheap.

export const ROLLUP_BUCKET_MS = 3_600_000;

const KEY = 'bucket_start, endpoint_name, served_entity_name, provider, requester, status_class';
const SUMMED = TOKEN_COLUMNS;

/** The key of a raw row `u`; '' stands for a missing name so the key never holds NULL. */
const KEY_OF_ROW = `(u.event_time / ${ROLLUP_BUCKET_MS}) * ${ROLLUP_BUCKET_MS}, coalesce(u.endpoint_name, ''),
  coalesce(u.served_entity_name, ''), coalesce(u.provider, ''), coalesce(u.requester, ''), u.status_code / 100`;

/** The rows named in `keysJson` (`[{request_id, latency_bucket}]`) that delivery `batchId` inserted just now. */
const NEW_ROWS = `FROM json_each(?1) AS j JOIN usage AS u ON u.request_id = j.value ->> '$.request_id'
  WHERE u.batch_id = ?2`;

/**
 * The rollup increments of the rows delivery `batchId` inserted, as two upserts. Run in the same
 * D1 batch (one transaction) as the insert, so a redelivered event adds nothing.
 */
export function rollupStatements(
  db: D1Database,
  keysJson: string,
  batchId: number,
): D1PreparedStatement[] {
  const totals = db
    .prepare(
      `INSERT INTO usage_rollup (${KEY}, requests, ${SUMMED.join(', ')}, latency_ms_sum, latency_count)
       SELECT ${KEY_OF_ROW}, COUNT(*), ${SUMMED.map((c) => `SUM(u.${c})`).join(', ')},
         coalesce(SUM(u.latency_ms), 0), COUNT(u.latency_ms)
       ${NEW_ROWS} GROUP BY 1, 2, 3, 4, 5, 6
       ON CONFLICT (${KEY}) DO UPDATE SET requests = requests + excluded.requests,
         ${SUMMED.map((c) => `${c} = ${c} + excluded.${c}`).join(', ')},
         latency_ms_sum = latency_ms_sum + excluded.latency_ms_sum,
         latency_count = latency_count + excluded.latency_count`,
    )
    .bind(keysJson, batchId);
  const histogram = db
    .prepare(
      `INSERT INTO usage_latency_rollup (${KEY}, latency_bucket, requests)
       SELECT ${KEY_OF_ROW}, j.value ->> '$.latency_bucket', COUNT(*)
       ${NEW_ROWS} AND u.latency_ms IS NOT NULL GROUP BY 1, 2, 3, 4, 5, 6, 7
       ON CONFLICT (${KEY}, latency_bucket) DO UPDATE SET requests = requests + excluded.requests`,
    )
    .bind(keysJson, batchId);
  return [totals, histogram];
}

export type RollupGrouping =
  | 'endpoint'
  | 'requester'
  | 'served_entity'
  | 'provider'
  | 'day'
  | 'hour'
  | 'total';

/**
 * The SQL of each grouping's key, given the time column: it reads rollup rows (bucket_start, ''
 * for a missing name) and raw rows (event_time, NULL) alike. Times are keyed by text that sorts as
 * time does.
 */
export const GROUP_EXPRESSION: Record<RollupGrouping, (time: string) => string> = {
  endpoint: () => "nullif(endpoint_name, '')",
  requester: () => "nullif(requester, '')",
  // Entity names are only unique within an endpoint.
  served_entity: () =>
    "CASE WHEN served_entity_name = '' THEN NULL ELSE endpoint_name || '/' || served_entity_name END",
  provider: () => "nullif(provider, '')",
  day: (time) => `strftime('%Y-%m-%d', ${time} / 1000, 'unixepoch')`,
  hour: (time) => `strftime('%Y-%m-%dT%H:00:00Z', ${time} / 1000, 'unixepoch')`,
  // One group of everything: the dashboard's totals, percentiles included.
  total: () => "'total'",
};

/** Time groups come in time order, the others busiest first. */
export const groupOrder = (grouping: RollupGrouping | 'tag') =>
  grouping === 'day' || grouping === 'hour' ? 'grp' : 'requests DESC, grp';

/** One group of a summary: its key, request count, the token sums, errors and latency percentiles. */
export type RollupGroup = {
  key: string | null;
  requests: number;
  errors: number;
  latency_p50_ms: number | null;
  latency_p95_ms: number | null;
} & Record<(typeof TOKEN_COLUMNS)[number], number>;

/**
 * The filter over rollup rows. Times select whole hours: the hour holding `startTime` through the
 * hour holding `endTime` (exclusive of an `endTime` on the hour).
 */
const rollupWhere = (f: UsageFilter) =>
  usageWhere(
    {
      ...f,
      startTime:
        f.startTime === undefined
          ? undefined
          : Math.floor(f.startTime / ROLLUP_BUCKET_MS) * ROLLUP_BUCKET_MS,
    },
    'bucket_start',
  );

/** Requests, tokens, errors and latency percentiles per group, read from the rollups. */
export async function summarizeRollups(
  db: D1Database,
  filter: UsageFilter,
  grouping: RollupGrouping,
): Promise<RollupGroup[]> {
  const where = rollupWhere(filter);
  if (!where) return [];
  const grp = GROUP_EXPRESSION[grouping]('bucket_start');
  const totals = db
    .prepare(
      `SELECT ${grp} AS grp, SUM(requests) AS requests, ${SUMMED.map((c) => `SUM(${c}) AS ${c}`).join(', ')},
         SUM(CASE WHEN status_class >= 4 THEN requests ELSE 0 END) AS errors
       FROM usage_rollup ${where.sql} GROUP BY grp ORDER BY ${groupOrder(grouping)}`,
    )
    .bind(...where.args);
  const histogram = db
    .prepare(
      `SELECT ${grp} AS grp, latency_bucket, SUM(requests) AS requests
       FROM usage_latency_rollup ${where.sql} GROUP BY grp, latency_bucket`,
    )
    .bind(...where.args);
  const [t, h] = await db.batch<JsonObject>([totals, histogram]);
  const counts = new Map<string | null, Map<number, number>>();
  for (const row of h.results) {
    const group = counts.get(row.grp) ?? new Map<number, number>();
    group.set(row.latency_bucket, row.requests);
    counts.set(row.grp, group);
  }
  return t.results.map((row) => {
    const [p50, p95] = percentiles(counts.get(row.grp) ?? new Map(), [50, 95]);
    return {
      key: row.grp === null ? null : String(row.grp),
      requests: row.requests,
      ...Object.fromEntries(SUMMED.map((c) => [c, row[c] ?? 0])),
      errors: row.errors ?? 0,
      latency_p50_ms: p50,
      latency_p95_ms: p95,
    } as RollupGroup;
  });
}
