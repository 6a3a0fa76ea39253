import { Hono, type Context } from 'hono';
import type { AppEnv } from '../env';
import { responsesDialect } from '../dialects/openai-responses';
import { newResponseId } from '../formats/openai-responses';
import { handleChat } from '../gateway/chat';
import { GatewayError, notFound } from '../gateway/errors';
import { checkForwardedReferences, forwardStoredResponse } from '../gateway/forwarded-responses';
import {
  expandStoredInput,
  inputItemsWithIds,
  reasoningSealer,
  withoutEncrypted,
} from '../gateway/responses-state';
import { reasoningKey } from '../storage/reasoning-seal';
import { deleteForwardedResponse } from '../storage/forwarded-responses';
import { deleteResponse, getResponse } from '../storage/responses';
import { readJsonBody } from './body';

// POST …/responses on the unified, native OpenAI and serving-endpoints base URLs: passed through
// to a provider that serves the Responses API itself, translated for every other provider, with
// this gateway keeping the state (stored responses, sealed reasoning) that such providers lack.
// GET / DELETE …/responses/{id} and …/input_items serve the caller's own stored responses.

const DEFAULT_RETENTION_DAYS = 30;

export const responsesRoutes = new Hono<AppEnv>();

for (const base of ['/ai-gateway/mlflow/v1', '/ai-gateway/openai/v1', '/serving-endpoints']) {
  responsesRoutes.post(`${base}/responses`, async (c) => {
    const raw = await readJsonBody(c, 'responses');
    const owner = c.get('principal').name;
    const expanded = await expandStoredInput(c.env.DB, owner, raw);
    const forwarded = await checkForwardedReferences(c.env.DB, owner, expanded.body);
    const responseId = newResponseId();
    const endpointName = String(raw.model ?? '');
    const dialect = responsesDialect({
      responseId,
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
      forwarded,
    });
    return handleChat(c, dialect, endpointName, expanded.body);
  });
}

function retentionDays(c: Context<AppEnv>): number {
  const days = Number(c.env.RESPONSES_RETENTION_DAYS);
  return Number.isFinite(days) && days > 0 ? days : DEFAULT_RETENTION_DAYS;
}

const noResponse = (id: string) => notFound(`No response found with id '${id}'.`);

/** The query string as the caller sent it (with its leading '?'), for the provider. */
const queryOf = (c: Context<AppEnv>) => new URL(c.req.url).search;

/** A provider's answer about a response it stores, relayed as it is. */
const relay = (c: Context<AppEnv>, upstream: Response) =>
  new Response(upstream.body, {
    status: upstream.status,
    headers: {
      'content-type': upstream.headers.get('content-type') ?? 'application/json',
      'x-request-id': c.get('requestId'),
    },
  });

/** GET of a response the provider stores for this caller, or a 404 like a missing one. */
async function forwardedRead(
  c: Context<AppEnv>,
  id: string,
  suffix: '' | '/input_items',
): Promise<Response> {
  const upstream = await forwardStoredResponse(
    c.env,
    c.get('principal'),
    id,
    'GET',
    suffix,
    queryOf(c),
  );
  if (!upstream) throw noResponse(id);
  return relay(c, upstream);
}

const wantsEncrypted = (c: Context<AppEnv>) =>
  [...(c.req.queries('include') ?? []), ...(c.req.queries('include[]') ?? [])].includes(
    'reasoning.encrypted_content',
  );

for (const base of ['/ai-gateway/mlflow/v1', '/ai-gateway/openai/v1']) {
  responsesRoutes.get(`${base}/responses/:id`, async (c) => {
    const id = c.req.param('id');
    const stored = await getResponse(c.env.DB, id, c.get('principal').name);
    if (!stored) return forwardedRead(c, id, '');
    return c.json(wantsEncrypted(c) ? stored.response : withoutEncrypted(stored.response));
  });

  responsesRoutes.get(`${base}/responses/:id/input_items`, async (c) => {
    const id = c.req.param('id');
    const stored = await getResponse(c.env.DB, id, c.get('principal').name);
    if (!stored) return forwardedRead(c, id, '/input_items');
    const order = c.req.query('order') === 'asc' ? 'asc' : 'desc';
    const limit = Math.min(Math.max(Number(c.req.query('limit') ?? 20) || 20, 1), 100);
    let items = order === 'asc' ? stored.inputItems : [...stored.inputItems].reverse();
    const after = c.req.query('after');
    if (after) items = items.slice(items.findIndex((i) => i.id === after) + 1);
    const data = items.slice(0, limit);
    return c.json({
      object: 'list',
      data,
      first_id: data[0]?.id ?? null,
      last_id: data.at(-1)?.id ?? null,
      has_more: items.length > limit,
    });
  });

  responsesRoutes.delete(`${base}/responses/:id`, async (c) => {
    const id = c.req.param('id');
    const owner = c.get('principal').name;
    if (await deleteResponse(c.env.DB, id, owner))
      return c.json({ id, object: 'response', deleted: true });
    const upstream = await forwardStoredResponse(
      c.env,
      c.get('principal'),
      id,
      'DELETE',
      '',
      '',
    ).catch(async (err) => {
      // Gone at the provider (deleted there, or past its retention): gone here too.
      if (err instanceof GatewayError && err.status === 404)
        await deleteForwardedResponse(c.env.DB, id, owner);
      throw err;
    });
    if (!upstream) throw noResponse(id);
    await deleteForwardedResponse(c.env.DB, id, owner);
    return relay(c, upstream);
  });
}
