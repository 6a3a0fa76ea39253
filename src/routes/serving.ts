import { Hono } from 'hono';
import { openAIChat, openAICompletions, openAIEmbeddings } from '../dialects/openai';
import type { AppEnv } from '../env';
import { handleChat } from '../gateway/chat';
import { handleEmbeddings } from '../gateway/embeddings';
import { getEndpoint } from '../gateway/endpoints';
import { readJsonBody } from './body';

// POST /serving-endpoints/{name}/invocations: the body is chat, completions or embeddings by the endpoint's task.

export const servingRoutes = new Hono<AppEnv>();

servingRoutes.post('/serving-endpoints/:name/invocations', async (c) => {
  const name = c.req.param('name');
  // The task decides the body's shape; an unknown endpoint is answered 404 by the handler.
  const task = await getEndpoint(c.env.DB, name).then(
    (e) => e.record.task,
    () => 'llm/v1/chat',
  );
  if (task === 'llm/v1/embeddings')
    return handleEmbeddings(
      c,
      openAIEmbeddings,
      name,
      await readJsonBody(c, openAIEmbeddings.apiType, name),
    );
  if (task === 'llm/v1/completions')
    return handleChat(
      c,
      openAICompletions,
      name,
      await readJsonBody(c, openAICompletions.apiType, name),
    );
  return handleChat(c, openAIChat, name, await readJsonBody(c, openAIChat.apiType, name));
});
