/** One usage row (CONTRACT §6). */
export interface UsageRow {
  request_id: string;
  event_time: number;
  endpoint_name: string | null;
  endpoint_id: string | null;
  served_entity_name: string | null;
  provider: string | null;
  destination_model: string | null;
  requester: string | null;
  requester_type: string | null;
  api_type: string;
  status_code: number;
  input_tokens: number;
  output_tokens: number;
  total_tokens: number;
  cache_read_input_tokens: number;
  cache_creation_input_tokens: number;
  /** Output tokens spent thinking, when the provider reports them (already inside output_tokens). */
  reasoning_tokens: number;
  tokens_estimated: boolean;
  streaming: boolean;
  latency_ms: number | null;
  time_to_first_byte_ms: number | null;
  fallback_attempts: number;
  request_tags: Record<string, string>;
  user_agent: string | null;
  error_message: string | null;
  guardrail_results: Record<string, unknown> | null;
}

/** The token counts of a row: summed by the rollups and summaries. */
export const TOKEN_COLUMNS = [
  'input_tokens',
  'output_tokens',
  'total_tokens',
  'cache_read_input_tokens',
  'cache_creation_input_tokens',
  'reasoning_tokens',
] as const;

const COLUMNS = [
  'request_id',
  'event_time',
  'endpoint_name',
  'endpoint_id',
  'served_entity_name',
  'provider',
  'destination_model',
  'requester',
  'requester_type',
  'api_type',
  'status_code',
  ...TOKEN_COLUMNS,
  'tokens_estimated',
  'streaming',
  'latency_ms',
  'time_to_first_byte_ms',
  'fallback_attempts',
  'request_tags',
  'user_agent',
  'error_message',
  'guardrail_results',
] as const;

/** Columns holding JSON text in D1 (objects in the API). */
const JSON_COLUMNS = new Set<string>(['request_tags', 'guardrail_results']);
const BOOLEAN_COLUMNS = new Set<string>(['tokens_estimated', 'streaming']);

/** How a column is read out of one element of a json_each() array of rows. */
function fromJson(column: string): string {
  const path = `j.value -> '$.${column}'`;
  // request_tags is always an object; guardrail_results may be JSON null, stored as NULL.
  if (JSON_COLUMNS.has(column)) return column === 'request_tags' ? path : `nullif(${path}, 'null')`;
  if (BOOLEAN_COLUMNS.has(column)) return `(j.value ->> '$.${column}') = 1`;
  return `j.value ->> '$.${column}'`;
}

/**
 * Inserts rows given as one JSON array (one bound parameter, so a statement carries thousands of
 * rows within D1's 100-parameter limit) and marks them with `batchId`. A row whose request_id is
 * already stored is left as it is: redelivered events never count twice. Returns the ids inserted.
 */
export function insertUsageJson(
  db: D1Database,
  rowsJson: string,
  batchId: number,
): D1PreparedStatement {
  return db
    .prepare(
      `INSERT OR IGNORE INTO usage (${COLUMNS.join(', ')}, batch_id)
       SELECT ${COLUMNS.map(fromJson).join(', ')}, ?2 FROM json_each(?1) AS j WHERE true
       RETURNING request_id`,
    )
    .bind(rowsJson, batchId);
}

/** A D1 row back into API shape (booleans and JSON columns decoded, bookkeeping columns left out). */
export function usageFromRow(row: Record<string, unknown>): UsageRow {
  const out = {} as Record<string, unknown>;
  for (const c of COLUMNS) out[c] = row[c] ?? null;
  return {
    ...(out as unknown as UsageRow),
    reasoning_tokens: Number(row.reasoning_tokens ?? 0),
    tokens_estimated: row.tokens_estimated === 1,
    streaming: row.streaming === 1,
    request_tags: JSON.parse(String(row.request_tags ?? '{}')),
    guardrail_results: row.guardrail_results ? JSON.parse(String(row.guardrail_results)) : null,
  };
}

/** Rows by id that one consumer delivery inserted (to rebuild its archive object). */
export async function usageRowsOfBatch(
  db: D1Database,
  ids: string[],
  batchId: number,
): Promise<UsageRow[]> {
  const { results } = await db
    .prepare(
      'SELECT * FROM usage WHERE request_id IN (SELECT value FROM json_each(?1)) AND batch_id = ?2',
    )
    .bind(JSON.stringify(ids), batchId)
    .all<Record<string, unknown>>();
  return results.map(usageFromRow);
}

/** A request tag rows must carry: with this value, or with any value when `value` is undefined. */
export interface TagMatch {
  key: string;
  value?: string;
}

export interface UsageFilter {
  endpointNames?: string[];
  requester?: string;
  startTime?: number;
  endTime?: number;
  /** All must hold; only the raw usage table has tags. */
  tags?: TagMatch[];
}

/** The JSON path of a tag key, bound as a parameter (keys hold no quotes or backslashes). */
export const tagPath = (key: string) => `$."${key}"`;

/** The WHERE clause of a filter (and page position), or null when it can match nothing. */
export function usageWhere(
  f: UsageFilter & Partial<Pick<UsagePage, 'before'>>,
  timeColumn: 'event_time' | 'bucket_start' = 'event_time',
): { sql: string; args: unknown[] } | null {
  const where: string[] = [];
  const args: unknown[] = [];
  if (f.endpointNames) {
    if (f.endpointNames.length === 0) return null;
    where.push(`endpoint_name IN (${f.endpointNames.map(() => '?').join(', ')})`);
    args.push(...f.endpointNames);
  }
  const add = (clause: string, ...values: unknown[]) => {
    where.push(clause);
    args.push(...values);
  };
  if (f.requester) add('requester = ?', f.requester);
  if (f.startTime !== undefined) add(`${timeColumn} >= ?`, f.startTime);
  if (f.endTime !== undefined) add(`${timeColumn} < ?`, f.endTime);
  for (const t of f.tags ?? [])
    if (t.value === undefined) add('json_extract(request_tags, ?) IS NOT NULL', tagPath(t.key));
    else add('json_extract(request_tags, ?) = ?', tagPath(t.key), t.value);
  if (f.before)
    add(
      '(event_time < ? OR (event_time = ? AND request_id < ?))',
      f.before.time,
      f.before.time,
      f.before.id,
    );
  return { sql: where.length ? `WHERE ${where.join(' AND ')}` : '', args };
}

export interface UsagePage extends UsageFilter {
  /** Rows strictly before this (event_time, request_id) — the page token. */
  before?: { time: number; id: string };
  limit: number;
}

/** One page of a per-request table (usage, inference_log), newest first. */
export async function queryPage(
  db: D1Database,
  table: 'usage' | 'inference_log',
  f: UsagePage,
): Promise<Record<string, unknown>[]> {
  const where = usageWhere(f);
  if (!where) return [];
  const { results } = await db
    .prepare(
      `SELECT * FROM ${table} ${where.sql} ORDER BY event_time DESC, request_id DESC LIMIT ?`,
    )
    .bind(...where.args, f.limit)
    .all<Record<string, unknown>>();
  return results;
}

export async function queryUsage(db: D1Database, f: UsagePage): Promise<UsageRow[]> {
  return (await queryPage(db, 'usage', f)).map(usageFromRow);
}

/**
 * Deletes at most `limit` rows older than `before`, oldest first: retention runs a bounded step at
 * a time so no single statement holds D1 for long.
 */
export function deleteExpiredRows(
  db: D1Database,
  table: 'usage' | 'inference_log',
  before: number,
  limit: number,
): D1PreparedStatement {
  return db
    .prepare(
      `DELETE FROM ${table} WHERE rowid IN (SELECT rowid FROM ${table} WHERE event_time < ?1 ORDER BY event_time LIMIT ?2)`,
    )
    .bind(before, limit);
}
