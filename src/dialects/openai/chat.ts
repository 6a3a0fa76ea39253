import {
  decodeChatRequest,
  encodeChatResponse,
  openAIChatStreamDecoder,
  openAIChatStreamEncoder,
} from '../../formats/openai-chat';
import type { ChatDialect, PassthroughCodec } from '../types';
import { openAIPassthrough } from './passthrough';

// OpenAI Chat Completions: POST …/chat/completions on every OpenAI base URL.

const chatPassthrough: PassthroughCodec = {
  ...openAIPassthrough,
  streamDecoder: openAIChatStreamDecoder,
};

export const openAIChat: ChatDialect = {
  apiType: 'chat/completions',
  wireFormat: 'openai',
  nativeOperation: 'chat',
  decode(body) {
    const request = decodeChatRequest(body);
    return {
      request,
      passthrough: chatPassthrough,
      encodeResponse: (res, model) => encodeChatResponse(res, model),
      streamEncoder: (model) => openAIChatStreamEncoder(request, model),
    };
  },
};
