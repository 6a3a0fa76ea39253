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
  'input_tokens',
  'output_tokens',
  'total_tokens',
  'cache_read_input_tokens',
  'cache_creation_input_tokens',
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

const INSERT = `INSERT OR REPLACE INTO usage (${COLUMNS.join(', ')}) VALUES (${COLUMNS.map(() => '?').join(', ')})`;

function insertStatement(db: D1Database, row: UsageRow): D1PreparedStatement {
  const values = COLUMNS.map((c) => {
    const v = row[c];
    if (typeof v === 'boolean') return v ? 1 : 0;
    if (v !== null && typeof v === 'object') return JSON.stringify(v);
    return v ?? null;
  });
  return db.prepare(INSERT).bind(...values);
}

/** Several rows in one D1 batch: one round trip and one transaction. */
export async function insertUsageRows(db: D1Database, rows: UsageRow[]): Promise<void> {
  await db.batch(rows.map((row) => insertStatement(db, row)));
}

export type StoredUsageRow = Record<(typeof COLUMNS)[number], unknown>;

/** A D1 row back into API shape (booleans and JSON columns decoded). */
export function usageFromRow(row: Record<string, unknown>): UsageRow {
  return {
    ...(row as unknown as UsageRow),
    tokens_estimated: row.tokens_estimated === 1,
    streaming: row.streaming === 1,
    request_tags: JSON.parse(String(row.request_tags ?? '{}')),
    guardrail_results: row.guardrail_results ? JSON.parse(String(row.guardrail_results)) : null,
  };
}

export interface UsageFilter {
  endpointNames?: string[];
  requester?: string;
  startTime?: number;
  endTime?: number;
}

/** The WHERE clause of a filter (and page position), or null when it can match nothing. */
export function usageWhere(
  f: UsageFilter & Partial<Pick<UsagePage, 'before'>>,
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
  if (f.startTime !== undefined) add('event_time >= ?', f.startTime);
  if (f.endTime !== undefined) add('event_time < ?', f.endTime);
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
