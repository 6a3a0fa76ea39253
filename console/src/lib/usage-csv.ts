import type { UsageRow } from '../api/types';
import type { CsvColumn } from './csv';

/** The columns of the requests table, as exported. */
export const USAGE_CSV_COLUMNS: CsvColumn<UsageRow>[] = [
  { header: 'event_time', value: (r) => new Date(r.event_time).toISOString() },
  { header: 'request_id', value: (r) => r.request_id },
  { header: 'endpoint_name', value: (r) => r.endpoint_name },
  { header: 'provider', value: (r) => r.provider },
  { header: 'served_entity_name', value: (r) => r.served_entity_name },
  { header: 'requester', value: (r) => r.requester },
  { header: 'status_code', value: (r) => r.status_code },
  { header: 'input_tokens', value: (r) => r.input_tokens },
  { header: 'output_tokens', value: (r) => r.output_tokens },
  { header: 'cache_read_input_tokens', value: (r) => r.cache_read_input_tokens },
  { header: 'latency_ms', value: (r) => r.latency_ms },
  { header: 'request_tags', value: (r) => (r.request_tags ? JSON.stringify(r.request_tags) : '') },
  { header: 'user_agent', value: (r) => r.user_agent },
];
