import { Hono } from 'hono';
import type { AppEnv } from '../env';
import { decodeChatRequest, encodeChatResponse, openAIChatStreamDecoder, openAIChatStreamEncoder } from '../formats/openai-chat';
import { handleChat } from '../gateway/chat';
import type { ChatDialect } from '../gateway/dialect';
import { handleCompletions } from '../gateway/completions';
import { handleEmbeddings } from '../gateway/embeddings';
import { openAIPassthrough } from '../gateway/openai-passthrough';
import { readJsonBody } from './body';

// The OpenAI front doors: unified (/ai-gateway/mlflow/v1), native (/ai-gateway/openai/v1) and
// the Databricks-style /serving-endpoints base URL, all with `model` naming the endpoint.

export const openAIChatDialect: ChatDialect = {
  apiType: 'chat/completions',
  wireFormat: 'openai',
  nativeOperation: 'chat',
  decode: decodeChatRequest,
  encodeResponse: (res, _req, model) => encodeChatResponse(res, model),
  streamEncoder: (req, model) => openAIChatStreamEncoder(req, model),
  streamDecoder: openAIChatStreamDecoder,
  passthrough: openAIPassthrough,
};

export const openAIRoutes = new Hono<AppEnv>();

const modelOf = (body: unknown) => String((body as { model?: unknown } | null)?.model ?? '');

for (const base of ['/ai-gateway/mlflow/v1', '/ai-gateway/openai/v1', '/serving-endpoints']) {
  openAIRoutes.post(`${base}/chat/completions`, async (c) => {
    const body = await readJsonBody(c, openAIChatDialect.apiType);
    return handleChat(c, openAIChatDialect, modelOf(body), body);
  });
  openAIRoutes.post(`${base}/embeddings`, async (c) => {
    const body = await readJsonBody(c, 'embeddings');
    return handleEmbeddings(c, modelOf(body), body);
  });
}

for (const base of ['/ai-gateway/mlflow/v1', '/serving-endpoints']) {
  openAIRoutes.post(`${base}/completions`, async (c) => {
    const body = await readJsonBody(c, 'completions');
    return handleCompletions(c, modelOf(body), body);
  });
}
