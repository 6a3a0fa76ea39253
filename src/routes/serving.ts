import { Hono } from 'hono';
import type { AppEnv } from '../env';
import { handleChat } from '../gateway/chat';
import { handleCompletions } from '../gateway/completions';
import { handleEmbeddings } from '../gateway/embeddings';
import { getEndpoint } from '../gateway/endpoints';
import { readJsonBody } from './body';
import { openAIChatDialect } from './openai';

// POST /serving-endpoints/{name}/invocations: the body is chat, completions or embeddings by the endpoint's task.

export const servingRoutes = new Hono<AppEnv>();

servingRoutes.post('/serving-endpoints/:name/invocations', async (c) => {
  const name = c.req.param('name');
  // The task decides the body's shape; an unknown endpoint is answered 404 by the handler.
  const task = await getEndpoint(c.env.DB, name).then((e) => e.record.task, () => 'llm/v1/chat');
  if (task === 'llm/v1/embeddings') return handleEmbeddings(c, name, await readJsonBody(c, 'embeddings', name));
  if (task === 'llm/v1/completions') return handleCompletions(c, name, await readJsonBody(c, 'completions', name));
  return handleChat(c, openAIChatDialect, name, await readJsonBody(c, openAIChatDialect.apiType, name));
});
