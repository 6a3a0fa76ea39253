import { queryPage, type UsagePage } from './usage';

// Inference tables: one row per request to an endpoint with inference_table_config.enabled.

export interface InferenceRow {
  request_id: string;
  event_time: number;
  endpoint_name: string;
  served_entity_name: string | null;
  requester: string | null;
  status_code: number;
  request_body: string | null;
  response_body: string | null;
  truncated: boolean;
  request_tags: Record<string, string>;
  latency_ms: number | null;
  time_to_first_byte_ms: number | null;
}

export async function insertInference(db: D1Database, row: InferenceRow): Promise<void> {
  await db
    .prepare(
      `INSERT OR REPLACE INTO inference_log (request_id, event_time, endpoint_name, served_entity_name, requester, status_code,
         request_body, response_body, truncated, request_tags, latency_ms, time_to_first_byte_ms)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .bind(
      row.request_id,
      row.event_time,
      row.endpoint_name,
      row.served_entity_name,
      row.requester,
      row.status_code,
      row.request_body,
      row.response_body,
      row.truncated ? 1 : 0,
      JSON.stringify(row.request_tags),
      row.latency_ms,
      row.time_to_first_byte_ms,
    )
    .run();
}

/** Newest first, with the same filters and page tokens as usage rows. */
export async function queryInference(db: D1Database, f: UsagePage): Promise<InferenceRow[]> {
  return (await queryPage(db, 'inference_log', f)).map((r) => ({
    ...(r as unknown as InferenceRow),
    truncated: r.truncated === 1,
    request_tags: JSON.parse(String(r.request_tags ?? '{}')),
  }));
}
