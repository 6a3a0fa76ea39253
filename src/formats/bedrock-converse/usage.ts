import type { Usage } from '../canonical';
import type { UpstreamUsage } from './wire';

// Bedrock counts cache reads and writes apart from inputTokens (Anthropic's convention);
// canonical input tokens include them.

export function decodeBedrockUsage(u: UpstreamUsage | undefined): Usage | undefined {
  if (!u || typeof u !== 'object') return undefined;
  const read = Number(u.cacheReadInputTokens ?? 0);
  const write = Number(u.cacheWriteInputTokens ?? 0);
  const usage: Usage = {
    inputTokens: Number(u.inputTokens ?? 0) + read + write,
    outputTokens: Number(u.outputTokens ?? 0),
  };
  if (read) usage.cacheReadTokens = read;
  if (write) usage.cacheWriteTokens = write;
  return usage;
}
