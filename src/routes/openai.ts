import { Hono } from 'hono';
import type { AppEnv } from '../env';
import {
  decodeChatRequest,
  decodeOpenAIUsage,
  encodeChatResponse,
  encodeOpenAIError,
  openAIChatStreamEncoder,
} from '../formats/openai-chat';
import { parseJsonData, sseFrame } from '../formats/sse';
import { handleChat } from '../gateway/chat';
import type { ChatDialect } from '../gateway/dialect';
import { handleCompletions } from '../gateway/completions';
import { handleEmbeddings } from '../gateway/embeddings';
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
  passthrough: {
    prepare(body) {
      const stream = body.stream === true;
      const askedUsage = body.stream_options?.include_usage === true;
      if (!stream || askedUsage) return { body, stream, hideUsageFrames: false };
      // Ask for usage so the usage row has real counts; the caller never sees the extra chunk.
      return { body: { ...body, stream_options: { ...(body.stream_options ?? {}), include_usage: true } }, stream, hideUsageFrames: true };
    },
    usageFromJson: (json) => decodeOpenAIUsage(json?.usage),
    // Only the final chunk carries usage; skip parsing the others.
    usageFromMessage: (m) => (m.data.includes('"usage":{') ? decodeOpenAIUsage(parseJsonData(m.data)?.usage) : undefined),
    isUsageOnlyFrame: (frame) => frame.includes('"choices":[]') && frame.includes('"usage":{'),
    errorFrame: (error) => sseFrame(encodeOpenAIError(error)),
    isFinalMessage: (m) => m.data === '[DONE]',
  },
};

export const openAIRoutes = new Hono<AppEnv>();

const modelOf = (body: unknown) => String((body as { model?: unknown } | null)?.model ?? '');

for (const base of ['/ai-gateway/mlflow/v1', '/ai-gateway/openai/v1', '/serving-endpoints']) {
  openAIRoutes.post(`${base}/chat/completions`, async (c) => {
    const body = await readJsonBody(c);
    return handleChat(c, openAIChatDialect, modelOf(body), body);
  });
  openAIRoutes.post(`${base}/embeddings`, async (c) => {
    const body = await readJsonBody(c);
    return handleEmbeddings(c, modelOf(body), body);
  });
}

for (const base of ['/ai-gateway/mlflow/v1', '/serving-endpoints']) {
  openAIRoutes.post(`${base}/completions`, async (c) => {
    const body = await readJsonBody(c);
    return handleCompletions(c, modelOf(body), body);
  });
}
