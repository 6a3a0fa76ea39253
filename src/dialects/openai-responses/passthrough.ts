import { decodeResponsesUsage, responsesStreamDecoder } from '../../formats/openai-responses';
import { parseJsonData, sseFrame } from '../../formats/sse';
import type { PassthroughCodec } from '../types';

/** The events that end a Responses stream; the response in them carries the usage. */
export const TERMINAL_EVENTS: ReadonlySet<string> = new Set([
  'response.completed',
  'response.incomplete',
  'response.failed',
]);

/** A Responses body passed through to an OpenAI-format provider: usage is in the terminal event. */
export const responsesPassthrough: PassthroughCodec = {
  prepare: (body) => ({ body, stream: body.stream === true, hideUsageFrames: false }),
  usageFromJson: (json) => decodeResponsesUsage(json?.usage),
  // Usage only arrives in the terminal event; skip parsing the others.
  usageFromMessage: (m) =>
    TERMINAL_EVENTS.has(m.event ?? '')
      ? decodeResponsesUsage(parseJsonData(m.data)?.response?.usage)
      : undefined,
  isFinalMessage: (m) => TERMINAL_EVENTS.has(m.event ?? ''),
  sideNeedles: [...TERMINAL_EVENTS],
  errorFrame: (error) =>
    sseFrame(
      {
        type: 'error',
        sequence_number: 0,
        code: error.code ?? 'upstream_error',
        message: error.message,
        param: error.param ?? null,
      },
      'error',
    ),
  streamDecoder: responsesStreamDecoder,
};
