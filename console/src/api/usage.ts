import { api, query } from './client';
import type { InferenceRecord, SummaryGroup, UsageRow } from './types';

export interface UsageQuery {
  endpoint_name?: string;
  requester?: string;
  start_time: number;
  end_time: number;
  /** Tag filters, `key:value` or `key` (lib/tag-filter.ts): rows must match all. */
  tag?: string[];
}

/** Rows of the range, newest first, following page tokens up to `limit` rows. */
export async function usageRows(
  q: UsageQuery,
  limit: number,
): Promise<{ rows: UsageRow[]; more: boolean }> {
  const rows: UsageRow[] = [];
  let page_token: string | undefined;
  do {
    const page = await api<{ rows: UsageRow[]; next_page_token?: string }>(
      'GET',
      `/api/2.0/ai-gateway/usage${query({
        ...q,
        max_results: Math.min(1000, limit - rows.length),
        page_token,
      })}`,
    );
    rows.push(...page.rows);
    page_token = page.next_page_token;
  } while (page_token && rows.length < limit);
  return { rows, more: Boolean(page_token) };
}

/** Totals per group: total, hour, day, endpoint, served_entity, provider, requester or tag:<key>. */
export async function usageSummary(q: UsageQuery, groupBy: string): Promise<SummaryGroup[]> {
  const body = await api<{ groups: SummaryGroup[] }>(
    'GET',
    `/api/2.0/ai-gateway/usage/summary${query({ ...q, group_by: groupBy })}`,
  );
  return body.groups;
}

/** The inference-table record of one request, when the endpoint logs them. */
export async function inferenceRecord(row: UsageRow): Promise<InferenceRecord | undefined> {
  const body = await api<{ rows: InferenceRecord[] }>(
    'GET',
    `/api/2.0/ai-gateway/inference${query({
      endpoint_name: row.endpoint_name,
      start_time: row.event_time,
      end_time: row.event_time + 1,
      max_results: 100,
    })}`,
  );
  return body.rows.find((r) => r.request_id === row.request_id);
}
