import type { FinishReason } from '../canonical';
import { encodeFinishReason, type FinishReasonEncoding } from '../finish-reason';

// Canonical → legacy completions finish_reason (PROTOCOLS §1.2). Providers' completions are
// decoded with the chat table (openai-chat/finish-reason.ts): they are OpenAI-format.

/** The finish_reason values the gateway may send to a completions caller. */
const FINISH_REASONS = {
  stop: 'stop',
  length: 'length',
  content_filter: 'content_filter',
} as const satisfies Record<string, FinishReason>;

type CompletionFinishReason = keyof typeof FINISH_REASONS;

/** Completions have no tool calls: a tool turn simply stopped; `other` (a value no table knows) is stop too. */
const ENCODING: FinishReasonEncoding<CompletionFinishReason> = {
  stop: 'stop',
  length: 'length',
  tool_calls: 'stop',
  content_filter: 'content_filter',
  other: 'stop',
};

export function encodeCompletionFinishReason(
  reason: FinishReason,
  rawReason: string | undefined,
): CompletionFinishReason {
  return encodeFinishReason(FINISH_REASONS, ENCODING, reason, rawReason);
}
