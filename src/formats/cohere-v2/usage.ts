import type { Usage } from '../canonical';
import type { UpstreamUsage } from './wire';

// Cohere reports `tokens` (what the model saw, prompt template included) and `billed_units`
// (what is charged); counts use `tokens`, falling back to billed units when absent.

export function decodeCohereUsage(u: UpstreamUsage | undefined): Usage | undefined {
  const counts = u?.tokens ?? u?.billed_units;
  if (!counts || typeof counts !== 'object') return undefined;
  const usage: Usage = {
    inputTokens: Number(counts.input_tokens ?? 0),
    outputTokens: Number(counts.output_tokens ?? 0),
  };
  if (u?.cached_tokens) usage.cacheReadTokens = Number(u.cached_tokens);
  return usage;
}
