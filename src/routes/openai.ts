import { Hono } from 'hono';
import { openAIChat, openAICompletions, openAIEmbeddings } from '../dialects/openai';
import type { AppEnv } from '../env';
import { handleChat } from '../gateway/chat';
import { handleEmbeddings } from '../gateway/embeddings';
import { readJsonBody } from './body';

// The OpenAI front doors: unified (/ai-gateway/mlflow/v1), native (/ai-gateway/openai/v1) and
// the Databricks-style /serving-endpoints base URL, all with `model` naming the endpoint.

export const openAIRoutes = new Hono<AppEnv>();

const modelOf = (body: unknown) => String((body as { model?: unknown } | null)?.model ?? '');

for (const base of ['/ai-gateway/mlflow/v1', '/ai-gateway/openai/v1', '/serving-endpoints']) {
  openAIRoutes.post(`${base}/chat/completions`, async (c) => {
    const body = await readJsonBody(c, openAIChat.apiType);
    return handleChat(c, openAIChat, modelOf(body), body);
  });
  openAIRoutes.post(`${base}/embeddings`, async (c) => {
    const body = await readJsonBody(c, openAIEmbeddings.apiType);
    return handleEmbeddings(c, openAIEmbeddings, modelOf(body), body);
  });
}

for (const base of ['/ai-gateway/mlflow/v1', '/serving-endpoints']) {
  openAIRoutes.post(`${base}/completions`, async (c) => {
    const body = await readJsonBody(c, openAICompletions.apiType);
    return handleChat(c, openAICompletions, modelOf(body), body);
  });
}
