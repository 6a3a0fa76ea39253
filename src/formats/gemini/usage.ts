import type { Usage } from '../canonical';
import type { UpstreamUsage } from './wire';

// Gemini usageMetadata ↔ canonical usage. promptTokenCount includes cached tokens (like
// canonical); candidatesTokenCount excludes thoughts, so canonical output = candidates + thoughts.

export function decodeGeminiUsage(usage: unknown): Usage | undefined {
  if (!usage || typeof usage !== 'object') return undefined;
  const u = usage as UpstreamUsage;
  const thoughts = num(u.thoughtsTokenCount);
  const out: Usage = {
    inputTokens: num(u.promptTokenCount) + num(u.toolUsePromptTokenCount),
    outputTokens: num(u.candidatesTokenCount) + thoughts,
  };
  if (u.cachedContentTokenCount) out.cacheReadTokens = num(u.cachedContentTokenCount);
  if (thoughts) out.reasoningTokens = thoughts;
  return out;
}

export function encodeGeminiUsage(usage: Partial<Usage>): Record<string, number> {
  const input = usage.inputTokens ?? 0;
  const output = usage.outputTokens ?? 0;
  const thoughts = Math.min(usage.reasoningTokens ?? 0, output);
  const out: Record<string, number> = { promptTokenCount: input };
  if (usage.outputTokens !== undefined) out.candidatesTokenCount = output - thoughts;
  out.totalTokenCount = input + output;
  if (usage.cacheReadTokens) out.cachedContentTokenCount = usage.cacheReadTokens;
  if (thoughts) out.thoughtsTokenCount = thoughts;
  return out;
}

const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : 0);
