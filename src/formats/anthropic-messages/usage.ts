import type { Usage } from '../canonical';
import type { UpstreamUsage } from './wire';

// Anthropic input_tokens exclude cache reads and writes; canonical inputTokens include them.

/** Usage fields present in one Anthropic usage object (message_delta may carry only output_tokens). */
export function decodeAnthropicUsagePartial(usage: unknown): Partial<Usage> | undefined {
  if (!usage || typeof usage !== 'object') return undefined;
  const u = usage as UpstreamUsage;
  const out: Partial<Usage> = {};
  const read = num(u.cache_read_input_tokens);
  const write = num(u.cache_creation_input_tokens);
  if (typeof u.input_tokens === 'number')
    out.inputTokens = u.input_tokens + (read ?? 0) + (write ?? 0);
  if (typeof u.output_tokens === 'number') out.outputTokens = u.output_tokens;
  if (read !== undefined) out.cacheReadTokens = read;
  if (write !== undefined) out.cacheWriteTokens = write;
  const thinking = num(u.output_tokens_details?.thinking_tokens);
  if (thinking !== undefined) out.reasoningTokens = thinking;
  return Object.keys(out).length ? out : undefined;
}

export function decodeAnthropicUsage(usage: unknown): Usage | undefined {
  const partial = decodeAnthropicUsagePartial(usage);
  if (!partial) return undefined;
  return { inputTokens: 0, outputTokens: 0, ...partial };
}

export function encodeAnthropicUsage(usage: Partial<Usage>): Record<string, number> {
  const read = usage.cacheReadTokens ?? 0;
  const write = usage.cacheWriteTokens ?? 0;
  return {
    input_tokens: Math.max((usage.inputTokens ?? 0) - read - write, 0),
    cache_creation_input_tokens: write,
    cache_read_input_tokens: read,
    output_tokens: usage.outputTokens ?? 0,
  };
}

const num = (v: unknown) => (typeof v === 'number' ? v : undefined);
