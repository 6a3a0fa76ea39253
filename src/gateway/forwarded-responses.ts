import type { PassthroughWatch } from '../dialects/types';
import { TERMINAL_EVENTS } from '../dialects/openai-responses/passthrough';
import type { Principal } from '../env';
import type { SseMessage } from '../formats/stream-codec';
import { parseJsonData } from '../formats/sse';
import { providerFor } from '../providers';
import type { Env } from '../env';
import {
  findForwardedItems,
  getForwardedResponse,
  saveForwardedResponse,
  type ForwardedResponse,
} from '../storage/forwarded-responses';
import { requirePermission } from './access';
import { getEndpoint } from './endpoints';
import { GatewayError, notFound } from './errors';
import { retainedUntil, type StoreTarget } from './responses-state';
import type { JsonObject } from '../formats/json';

// Responses that a provider serving the Responses API stores itself (passed through under the
// gateway's one upstream key). The gateway records who made each one and where it lives, so that
// every principal is as isolated as with a provider account of their own: a reference to a
// response or item the caller does not own answers exactly what an unknown id answers, and is
// never sent upstream; reads and deletes go to the provider and entity holding the response.

type Item = JsonObject;

/** Where the provider-stored state a request continues lives. */
export interface Holder {
  endpointName: string;
  servedEntityName: string;
}

export interface ForwardedReferences {
  holder?: Holder;
  /** What the caller is told instead, when a reference is not theirs (or does not exist). */
  refusal?: GatewayError;
}

export const previousNotFound = (id: string) =>
  new GatewayError({
    status: 400,
    message: `Previous response with id '${id}' not found.`,
    code: 'previous_response_not_found',
    param: 'previous_response_id',
  });

const itemNotFound = (id: string, index: number) =>
  new GatewayError({
    status: 400,
    message: `Item with id '${id}' not found.`,
    code: 'item_not_found',
    param: `input[${index}].id`,
  });

/**
 * Checks what a Responses body (after the gateway's own stored turns were expanded) still
 * references: the previous response and item_reference items must be the caller's recorded
 * ones; an item echoed back with the id of another principal's item is refused too, since the
 * provider would load the stored item by that id.
 */
export async function checkForwardedReferences(
  db: D1Database,
  owner: string,
  body: Item,
): Promise<ForwardedReferences> {
  const previousId =
    typeof body.previous_response_id === 'string' ? body.previous_response_id : undefined;
  const items: Item[] = Array.isArray(body.input) ? body.input : [];
  const ids = items.map((item) =>
    item && typeof item === 'object' && typeof item.id === 'string'
      ? (item.id as string)
      : undefined,
  );
  const named = ids.filter((id): id is string => id !== undefined);
  if (!previousId && named.length === 0) return {};
  const [previous, found] = await Promise.all([
    previousId ? getForwardedResponse(db, previousId, owner) : null,
    findForwardedItems(db, named),
  ]);
  if (previousId && !previous) return { refusal: previousNotFound(previousId) };
  const recorded = new Map(found.map((f) => [f.itemId, f]));
  let holder: Holder | undefined = previous ?? undefined;
  for (const [index, id] of ids.entries()) {
    if (id === undefined) continue;
    const item = recorded.get(id);
    const reference = items[index].type === 'item_reference';
    // An unrecorded id is only refused as a reference: echoed items may come from store: false turns.
    if (item ? item.owner !== owner : reference) return { refusal: itemNotFound(id, index) };
    if (item) holder ??= item;
  }
  return { holder };
}

/**
 * Watches a passed-through Responses answer and records the response the provider stored
 * (`store` not false): its id and output item ids, owned by the caller. A stream is recorded at
 * its terminal event, or with what was seen when the caller goes away.
 */
export function recordForwarded(
  target: StoreTarget,
  servedEntityName: string,
  requestedStore: boolean,
): PassthroughWatch {
  let id: string | undefined;
  let stored = requestedStore;
  const itemIds = new Set<string>();
  let recorded = false;
  const take = (response: Item | undefined) => {
    if (typeof response?.id === 'string') id = response.id;
    if (typeof response?.store === 'boolean') stored = response.store;
    for (const item of Array.isArray(response?.output) ? response.output : [])
      if (typeof item?.id === 'string') itemIds.add(item.id);
  };
  const record = () => {
    if (recorded || !id || !stored) return;
    recorded = true;
    const now = Date.now();
    const row: ForwardedResponse = {
      id,
      owner: target.owner,
      endpointName: target.endpointName,
      servedEntityName,
      createdAt: now,
      expiresAt: retainedUntil(target, now),
      itemIds: [...itemIds],
    };
    target.waitUntil(
      saveForwardedResponse(target.db, row).catch((err) =>
        console.error('forwarded response not recorded', row.id, String(err)),
      ),
    );
  };
  return {
    json(json) {
      take(json);
      record();
    },
    message(m: SseMessage) {
      // Only the events that name the response or an item are parsed.
      if (m.event === 'response.created' || TERMINAL_EVENTS.has(m.event ?? '')) {
        take(parseJsonData(m.data)?.response);
        if (m.event !== 'response.created') record();
      } else if (
        m.event === 'response.output_item.added' ||
        m.event === 'response.output_item.done'
      ) {
        const item = parseJsonData(m.data)?.item;
        if (typeof item?.id === 'string') itemIds.add(item.id);
      }
    },
    end: record,
  };
}

/**
 * GET or DELETE of a response the provider stored for this caller, forwarded to the entity
 * that holds it with that entity's credentials; null when the caller has no such response.
 */
export async function forwardStoredResponse(
  env: Env,
  principal: Principal,
  id: string,
  method: 'GET' | 'DELETE',
  suffix: '' | '/input_items',
  query: string,
): Promise<Response | null> {
  const record = await getForwardedResponse(env.DB, id, principal.name);
  if (!record) return null;
  const live = await getEndpoint(env.DB, record.endpointName).catch(() => null);
  const entity = live?.entities.find((e) => e.name === record.servedEntityName);
  const provider = entity && providerFor(entity.provider);
  if (!live || !entity || !provider?.storedResponse) {
    throw notFound(`The endpoint that holds response '${id}' no longer serves it.`);
  }
  requirePermission(
    principal,
    live.record.creator,
    live.permissions,
    'CAN_QUERY',
    `serving endpoint '${record.endpointName}'`,
  );
  return provider.storedResponse(
    { env, entity },
    method,
    `${encodeURIComponent(id)}${suffix}`,
    query,
  );
}
