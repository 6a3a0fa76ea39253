import {
  anthropicStreamEncoder,
  decodeMessagesRequest,
  encodeMessagesResponse,
} from '../../formats/anthropic-messages';
import { estimateTokens } from '../../gateway/usage';
import type { ChatDialect } from '../types';
import { withCallerHeaders } from './caller-headers';
import { anthropicPassthrough } from './passthrough';

// Anthropic Messages: POST /ai-gateway/anthropic/v1/messages, `model` naming the endpoint.

export const anthropicMessages: ChatDialect = {
  apiType: 'anthropic/messages',
  wireFormat: 'anthropic',
  nativeOperation: 'messages',
  decode(body, call) {
    const request = withCallerHeaders(decodeMessagesRequest(body), call.headers);
    return {
      request,
      passthrough: anthropicPassthrough,
      encodeResponse: (res, model) => encodeMessagesResponse(res, model),
      streamEncoder: (model) =>
        anthropicStreamEncoder(request, model, {
          estimatedInputTokens: estimateTokens(JSON.stringify(request.messages)),
        }),
    };
  },
};
