import type { UsageRow } from '../storage/usage';

// Every usage row also becomes one Workers Analytics Engine data point (binding USAGE_EVENTS), so the
// Cloudflare dashboard and its SQL API can chart traffic. The layout is documented in the README;
// positions are the contract with saved queries, so only ever append.

const text = (value: string | null, max: number) => (value ?? '').slice(0, max);

export function usageDataPoint(row: UsageRow): AnalyticsEngineDataPoint {
  return {
    // index1: the sampling key; Analytics Engine allows one index of at most 96 bytes.
    indexes: [text(row.endpoint_name, 96)],
    blobs: [
      text(row.endpoint_name, 256), // blob1
      text(row.served_entity_name, 256), // blob2
      text(row.provider, 64), // blob3
      text(row.destination_model, 256), // blob4
      text(row.requester, 256), // blob5
      text(row.requester_type, 32), // blob6
      row.api_type, // blob7
      row.request_id, // blob8
      JSON.stringify(row.request_tags), // blob9: whole (the header is at most 8 KiB), never cut mid-tag
      text(row.error_message, 512), // blob10
      text(row.user_agent, 256), // blob11
    ],
    doubles: [
      row.status_code, // double1
      row.input_tokens, // double2
      row.output_tokens, // double3
      row.total_tokens, // double4
      row.cache_read_input_tokens, // double5
      row.cache_creation_input_tokens, // double6
      row.latency_ms ?? -1, // double7
      row.time_to_first_byte_ms ?? -1, // double8
      row.fallback_attempts, // double9
      row.streaming ? 1 : 0, // double10
      row.tokens_estimated ? 1 : 0, // double11
    ],
  };
}

/** Never throws: analytics must not cost a request or its usage row. */
export function writeUsageDataPoint(
  dataset: AnalyticsEngineDataset | undefined,
  row: UsageRow,
): void {
  if (!dataset) return;
  try {
    dataset.writeDataPoint(usageDataPoint(row));
  } catch (err) {
    console.error('analytics data point not written', row.request_id, String(err));
  }
}
