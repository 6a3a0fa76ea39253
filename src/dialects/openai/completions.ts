import {
  checkCompletionTranslatable,
  completionStreamEncoder,
  decodeCompletionRequest,
  encodeCompletionResponse,
} from '../../formats/openai-completions';
import type { ChatDialect } from '../types';
import { openAIPassthrough } from './passthrough';

// Legacy completions: forwarded as is to providers that serve them in the OpenAI format,
// translated through canonical chat (the prompt as one user message) for every other provider.
// A passed-through stream has no decoder back: its inference log keeps the frames' data.

export const openAICompletions: ChatDialect = {
  apiType: 'completions',
  wireFormat: 'openai',
  nativeOperation: 'completions',
  task: 'llm/v1/completions',
  decode(body) {
    const request = decodeCompletionRequest(body);
    return {
      request,
      passthrough: openAIPassthrough,
      translate: () => {
        checkCompletionTranslatable(body);
        return undefined;
      },
      encodeResponse: (res, model) => encodeCompletionResponse(res, model),
      streamEncoder: (model) => completionStreamEncoder(request, model),
    };
  },
};
