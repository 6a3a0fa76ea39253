import { Hono } from 'hono';
import type { AppEnv } from '../env';
import { newResponseId } from '../formats/openai-responses';
import { handleChat } from '../gateway/chat';
import { responsesDialect, type ResponsesTurn } from '../gateway/responses-dialect';
import { readJsonBody } from './body';

// POST …/responses on the unified, native OpenAI and serving-endpoints base URLs: passed through
// to a provider that serves the Responses API itself, translated for every other provider.

/** Names the hosted tools (web_search, …) a translated request had to leave out. */
export const DROPPED_TOOLS_HEADER = 'x-gateway-dropped-tools';

export const responsesRoutes = new Hono<AppEnv>();

for (const base of ['/ai-gateway/mlflow/v1', '/ai-gateway/openai/v1', '/serving-endpoints']) {
  responsesRoutes.post(`${base}/responses`, async (c) => {
    const body = await readJsonBody(c);
    const turn: ResponsesTurn = { responseId: newResponseId(), translated: false, droppedTools: [] };
    const response = await handleChat(c, responsesDialect(turn), String(body.model ?? ''), body);
    if (turn.translated && turn.droppedTools.length) response.headers.set(DROPPED_TOOLS_HEADER, turn.droppedTools.join(','));
    return response;
  });
}
