import type { Context } from 'hono';
import type { AppEnv } from '../env';
import {
  checkCompletionTranslatable,
  completionStreamEncoder,
  decodeCompletionRequest,
  encodeCompletionResponse,
} from '../formats/openai-completions';
import { handleChat } from './chat';
import type { ChatDialect } from './dialect';
import { openAIPassthrough } from './openai-passthrough';

// Legacy completions: forwarded as is to providers that serve them in the OpenAI format,
// translated through canonical chat (the prompt as one user message) for every other provider.

export const completionsDialect: ChatDialect = {
  apiType: 'completions',
  wireFormat: 'openai',
  nativeOperation: 'completions',
  task: 'llm/v1/completions',
  decode: decodeCompletionRequest,
  checkTranslatable: (_req, body) => checkCompletionTranslatable(body),
  encodeResponse: (res, _req, model) => encodeCompletionResponse(res, model),
  streamEncoder: (req, model) => completionStreamEncoder(req, model),
  passthrough: openAIPassthrough,
};

export function handleCompletions(c: Context<AppEnv>, endpointName: string, body: unknown): Promise<Response> {
  return handleChat(c, completionsDialect, endpointName, body);
}
