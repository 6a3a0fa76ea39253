import { decodeMessagesRequest } from '../../formats/anthropic-messages';
import type { CountTokensDialect } from '../types';
import { withCallerHeaders } from './caller-headers';

// POST /ai-gateway/anthropic/v1/messages/count_tokens: exact where the provider counts in Anthropic's format.

export const anthropicCountTokens: CountTokensDialect = {
  apiType: 'anthropic/count_tokens',
  decode: (body, call) =>
    withCallerHeaders(decodeMessagesRequest(body, { requireMaxTokens: false }), call.headers),
  native: { wireFormat: 'anthropic', op: 'count_tokens', read: (json) => json?.input_tokens },
  encode: (count) => ({ input_tokens: count }),
};
