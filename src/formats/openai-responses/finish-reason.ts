import type { FinishReason } from '../canonical';
import {
  decodeFinishReason,
  encodeFinishReason,
  type DecodedFinishReason,
  type FinishReasonEncoding,
} from '../finish-reason';
import type { UpstreamResponse } from './wire';

// Responses has no finish_reason (PROTOCOLS §2, §9.2): `status` says whether the response ended,
// and an incomplete one's `incomplete_details.reason` says why. The value read is that reason,
// else the status.

/** What tells how a response ended: its status, why it is incomplete, and which items it holds. */
type ResponseEnding = Pick<UpstreamResponse, 'status' | 'incomplete_details'> & {
  output?: Array<{ type?: string } | null>;
};

/** The values the gateway may send a Responses caller: completed, or why a response is incomplete. */
const FINISH_REASONS = {
  completed: 'stop',
  max_output_tokens: 'length',
  content_filter: 'content_filter',
} as const satisfies Record<string, FinishReason>;

type ResponsesFinishReason = keyof typeof FINISH_REASONS;

/**
 * What is read besides: an incomplete response without a reason was cut short; the statuses
 * that are no ending (a failure reaches callers as an error) read as a stop, as they always have.
 */
const READ = {
  ...FINISH_REASONS,
  incomplete: 'length',
  failed: 'stop',
  cancelled: 'stop',
  in_progress: 'stop',
  queued: 'stop',
} as const satisfies Record<string, FinishReason>;

/** Tool turns simply complete; `other` (a value no table knows) completes too, the closest. */
const ENCODING: FinishReasonEncoding<ResponsesFinishReason> = {
  stop: 'completed',
  length: 'max_output_tokens',
  tool_calls: 'completed',
  content_filter: 'content_filter',
  other: 'completed',
};

/** A response with function_call items that ended (or ended oddly) is a tool turn. */
export function decodeResponsesFinishReason(
  body: ResponseEnding | null | undefined,
): DecodedFinishReason {
  const value =
    body?.status === 'incomplete' ? body.incomplete_details?.reason || 'incomplete' : body?.status;
  const decoded = decodeFinishReason(READ, value);
  const calls =
    Array.isArray(body?.output) && body.output.some((item) => item?.type === 'function_call');
  return calls && (decoded.reason === 'stop' || decoded.reason === 'other')
    ? { ...decoded, reason: 'tool_calls' }
    : decoded;
}

/** status and incomplete_details for a finish reason (PROTOCOLS §9.3). */
export function statusOf(
  reason: FinishReason | undefined,
  rawReason?: string,
): { status: string; incomplete_details: null | { reason: string } } {
  const value = encodeFinishReason(FINISH_REASONS, ENCODING, reason ?? 'stop', rawReason);
  return value === 'completed'
    ? { status: 'completed', incomplete_details: null }
    : { status: 'incomplete', incomplete_details: { reason: value } };
}
