import { Hono, type Context } from 'hono';
import type { AppEnv } from '../env';
import { newResponseId } from '../formats/openai-responses';
import { handleChat } from '../gateway/chat';
import { notFound } from '../gateway/errors';
import { responsesDialect, type ResponsesTurn } from '../gateway/responses-dialect';
import { expandStoredInput, inputItemsWithIds, reasoningSealer, withoutEncrypted } from '../gateway/responses-state';
import { reasoningKey } from '../storage/reasoning-seal';
import { deleteResponse, getResponse } from '../storage/responses';
import { readJsonBody } from './body';

// POST …/responses on the unified, native OpenAI and serving-endpoints base URLs: passed through
// to a provider that serves the Responses API itself, translated for every other provider, with
// this gateway keeping the state (stored responses, sealed reasoning) that such providers lack.
// GET / DELETE …/responses/{id} and …/input_items serve the caller's own stored responses.

/** Names the hosted tools (web_search, …) a translated request had to leave out. */
export const DROPPED_TOOLS_HEADER = 'x-gateway-dropped-tools';

const DEFAULT_RETENTION_DAYS = 30;

export const responsesRoutes = new Hono<AppEnv>();

for (const base of ['/ai-gateway/mlflow/v1', '/ai-gateway/openai/v1', '/serving-endpoints']) {
  responsesRoutes.post(`${base}/responses`, async (c) => {
    const raw = await readJsonBody(c, 'responses');
    const owner = c.get('principal').name;
    const expanded = await expandStoredInput(c.env.DB, owner, raw);
    const responseId = newResponseId();
    const endpointName = String(raw.model ?? '');
    const turn: ResponsesTurn = {
      responseId,
      translated: false,
      droppedTools: [],
      usedStorage: expanded.usedStorage,
      previousResponseId: expanded.previousResponseId,
      sealer: reasoningSealer(await reasoningKey(c.env), owner),
      store: {
        db: c.env.DB,
        owner,
        endpointName,
        retentionDays: retentionDays(c),
        waitUntil: (p) => c.executionCtx.waitUntil(p),
        inputItems: inputItemsWithIds(expanded.body, responseId),
      },
    };
    const response = await handleChat(c, responsesDialect(turn), endpointName, expanded.body);
    if (turn.translated && turn.droppedTools.length) response.headers.set(DROPPED_TOOLS_HEADER, turn.droppedTools.join(','));
    return response;
  });
}

function retentionDays(c: Context<AppEnv>): number {
  const days = Number(c.env.RESPONSES_RETENTION_DAYS);
  return Number.isFinite(days) && days > 0 ? days : DEFAULT_RETENTION_DAYS;
}

async function ownResponse(c: Context<AppEnv>) {
  const id = c.req.param('id')!;
  const stored = await getResponse(c.env.DB, id, c.get('principal').name);
  if (!stored) throw notFound(`No response found with id '${id}'.`);
  return stored;
}

const wantsEncrypted = (c: Context<AppEnv>) => [...c.req.queries('include') ?? [], ...(c.req.queries('include[]') ?? [])].includes('reasoning.encrypted_content');

for (const base of ['/ai-gateway/mlflow/v1', '/ai-gateway/openai/v1']) {
  responsesRoutes.get(`${base}/responses/:id`, async (c) => {
    const { response } = await ownResponse(c);
    return c.json(wantsEncrypted(c) ? response : withoutEncrypted(response));
  });

  responsesRoutes.get(`${base}/responses/:id/input_items`, async (c) => {
    const { inputItems } = await ownResponse(c);
    const order = c.req.query('order') === 'asc' ? 'asc' : 'desc';
    const limit = Math.min(Math.max(Number(c.req.query('limit') ?? 20) || 20, 1), 100);
    let items = order === 'asc' ? inputItems : [...inputItems].reverse();
    const after = c.req.query('after');
    if (after) items = items.slice(items.findIndex((i) => i.id === after) + 1);
    const data = items.slice(0, limit);
    return c.json({ object: 'list', data, first_id: data[0]?.id ?? null, last_id: data.at(-1)?.id ?? null, has_more: items.length > limit });
  });

  responsesRoutes.delete(`${base}/responses/:id`, async (c) => {
    const id = c.req.param('id');
    if (!(await deleteResponse(c.env.DB, id, c.get('principal').name))) throw notFound(`No response found with id '${id}'.`);
    return c.json({ id, object: 'response', deleted: true });
  });
}
