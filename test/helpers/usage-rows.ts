import type { UsageRow } from '../../src/storage/usage';

/** A complete usage row with plausible defaults, for tests that write rows straight into D1. */
export function usageRow(overrides: Partial<UsageRow>): UsageRow {
  return {
    request_id: crypto.randomUUID(),
    event_time: Date.now(),
    endpoint_name: null,
    endpoint_id: null,
    served_entity_name: 'entity-0',
    provider: 'openai',
    destination_model: 'gpt-4o-mini',
    requester: 'someone',
    requester_type: 'user',
    api_type: 'chat/completions',
    status_code: 200,
    input_tokens: 0,
    output_tokens: 0,
    total_tokens: 0,
    cache_read_input_tokens: 0,
    cache_creation_input_tokens: 0,
    tokens_estimated: false,
    streaming: false,
    latency_ms: 10,
    time_to_first_byte_ms: 5,
    fallback_attempts: 0,
    request_tags: {},
    user_agent: null,
    error_message: null,
    guardrail_results: null,
    ...overrides,
  };
}
