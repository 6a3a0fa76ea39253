import type { AiGatewayJson } from '../lib/ai-gateway-form';

// Shapes the gateway's REST API answers with (CONTRACT.md §4–6), as far as the console reads them.

export interface UsageRow {
  request_id: string;
  event_time: number;
  endpoint_name: string;
  served_entity_name: string | null;
  provider: string | null;
  destination_model: string | null;
  requester: string;
  requester_type: string | null;
  api_type: string | null;
  status_code: number;
  input_tokens: number | null;
  output_tokens: number | null;
  total_tokens: number | null;
  cache_read_input_tokens: number | null;
  cache_creation_input_tokens: number | null;
  streaming: boolean | number | null;
  latency_ms: number | null;
  time_to_first_byte_ms: number | null;
  request_tags: Record<string, string> | null;
  user_agent: string | null;
  error_message: string | null;
}

export interface SummaryGroup {
  key: string | null;
  requests: number;
  input_tokens: number;
  output_tokens: number;
  total_tokens: number;
  cache_read_input_tokens: number;
  errors: number;
  latency_p50_ms: number | null;
  latency_p95_ms: number | null;
}

export interface InferenceRecord {
  request_id: string;
  event_time: number;
  endpoint_name: string;
  status_code: number;
  request_body: string | null;
  response_body: string | null;
  truncated?: boolean;
}

export interface TrafficRoute {
  served_model_name?: string;
  served_entity_name?: string;
  traffic_percentage: number;
}

export interface ServedEntity {
  /** Absent: the entity is named after its model. */
  name?: string;
  external_model: { name: string; provider: string; task: string; [config: string]: unknown };
}

export interface Endpoint {
  name: string;
  id: string;
  creator: string;
  creation_timestamp: number;
  state: { ready: string; config_update: string };
  config: { served_entities: ServedEntity[]; traffic_config?: { routes?: TrafficRoute[] } };
  ai_gateway?: AiGatewayJson | null;
  task?: string;
  permission_level?: 'CAN_VIEW' | 'CAN_QUERY' | 'CAN_MANAGE';
}

export interface TokenInfo {
  token_id: string;
  creation_time: number;
  expiry_time: number;
  comment: string;
  principal?: string;
  principal_type?: string;
}

export interface AccessControlEntry {
  user_name?: string;
  group_name?: string;
  service_principal_name?: string;
  permission_level: string;
}
