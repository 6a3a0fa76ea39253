import {
  anthropicStreamDecoder,
  decodeAnthropicUsage,
  decodeAnthropicUsagePartial,
  encodeAnthropicError,
} from '../../formats/anthropic-messages';
import { parseJsonData, sseFrame } from '../../formats/sse';
import type { PassthroughCodec } from '../types';

/** A Messages body passed through to an Anthropic-format provider. */
export const anthropicPassthrough: PassthroughCodec = {
  prepare: (body) => ({ body, stream: body.stream === true, hideUsageFrames: false }),
  usageFromJson: (json) => decodeAnthropicUsage(json?.usage),
  // Usage rides on message_start and message_delta only; skip parsing every other frame.
  usageFromMessage(m) {
    if (m.event === 'message_start')
      return decodeAnthropicUsagePartial(parseJsonData(m.data)?.message?.usage);
    if (m.event === 'message_delta')
      return decodeAnthropicUsagePartial(parseJsonData(m.data)?.usage);
    return undefined;
  },
  sideNeedles: ['message_start', 'message_delta', 'message_stop'],
  errorFrame: (error) => sseFrame(encodeAnthropicError(error), 'error'),
  isFinalMessage: (m) => m.event === 'message_stop',
  streamDecoder: anthropicStreamDecoder,
};
