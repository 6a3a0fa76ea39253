import type { FinishReason } from '../canonical';
import {
  decodeFinishReason,
  encodeFinishReason,
  type DecodedFinishReason,
  type FinishReasonEncoding,
} from '../finish-reason';

// OpenAI chat finish_reason ↔ canonical (PROTOCOLS §1.1). OpenAI-compatible servers send values
// of their own too: those become `other`, kept raw.

/** The finish_reason values the gateway may send to an OpenAI caller. */
const FINISH_REASONS = {
  stop: 'stop',
  length: 'length',
  tool_calls: 'tool_calls',
  content_filter: 'content_filter',
} as const satisfies Record<string, FinishReason>;

type OpenAIFinishReason = keyof typeof FINISH_REASONS;

/** function_call (the legacy functions API) is read but never sent: the gateway answers with tool_calls. */
const READ = { ...FINISH_REASONS, function_call: 'tool_calls' } as const satisfies Record<
  string,
  FinishReason
>;

/** `other` (a value no table knows) has no OpenAI counterpart: stop is the closest. */
const ENCODING: FinishReasonEncoding<OpenAIFinishReason> = {
  stop: 'stop',
  length: 'length',
  tool_calls: 'tool_calls',
  content_filter: 'content_filter',
  other: 'stop',
};

export function decodeOpenAIFinishReason(value: unknown): DecodedFinishReason {
  return decodeFinishReason(READ, value);
}

export function encodeOpenAIFinishReason(
  reason: FinishReason,
  rawReason: string | undefined,
): OpenAIFinishReason {
  return encodeFinishReason(FINISH_REASONS, ENCODING, reason, rawReason);
}
