import { createExecutionContext, createMessageBatch, env, getQueueResult } from 'cloudflare:test';
import worker from '../../src/index';
import { encodeEvent, packMessages } from '../../src/events/messages';
import type { InferenceRecord } from '../../src/storage/inference';
import type { UsageRow } from '../../src/storage/usage';

/** A complete usage row with plausible defaults, for tests that feed rows to the consumer. */
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
    reasoning_tokens: 0,
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

export const USAGE_QUEUE = 'llm-gateway-usage-dev';

type QueueMessage = Parameters<typeof createMessageBatch<ArrayBuffer>>[1][number];

/** Queue messages as the gateway's outbox packs them, ready for createMessageBatch. */
export function queueMessages(
  events: { usage?: UsageRow[]; inference?: InferenceRecord[] },
  attempts = 1,
): QueueMessage[] {
  const encoded = [
    ...(events.usage ?? []).map((r) => encodeEvent('usage', r)),
    ...(events.inference ?? []).map((r) => encodeEvent('inference', r)),
  ];
  return packMessages(encoded).map((bytes, i) => ({
    id: `message-${i}-${crypto.randomUUID()}`,
    timestamp: new Date(),
    attempts,
    body: bytes.slice().buffer,
  }));
}

/** Delivers messages to the real consumer once, as the queue would; returns what it acked and retried. */
export async function deliver(
  messages: QueueMessage[],
  bindings: typeof env = env,
  queue = USAGE_QUEUE,
) {
  const batch = createMessageBatch<ArrayBuffer>(queue, messages);
  const ctx = createExecutionContext();
  await worker.queue(batch, bindings);
  return getQueueResult(batch, ctx);
}

/** Stores rows the way the queue consumer does (D1 rows, rollups, R2 archive). */
export async function ingestUsageRows(rows: UsageRow[]): Promise<void> {
  const result = await deliver(queueMessages({ usage: rows }));
  if (result.retryMessages.length || result.retryBatch.retry)
    throw new Error(`consumer retried: ${JSON.stringify(result)}`);
}
