import type { Message, ReasoningPart } from '../formats/canonical';
import { responseIdOfItem } from '../formats/openai-responses';
import { isSealed, seal, unseal } from '../storage/reasoning-seal';
import { getResponse, saveResponse, type StoredResponse } from '../storage/responses';
import { badRequest } from './errors';
import type { JsonObject } from '../formats/json';

// The stateful half of the Responses API for providers that have none: earlier turns rebuilt
// from storage (previous_response_id, item_reference), reasoning sealed into encrypted_content
// and opened again, and the finished response kept for the retention window.

type Item = JsonObject;

export interface Expanded {
  body: JsonObject;
  /** The request leans on state this gateway stored: it must be translated, never passed through. */
  usedStorage: boolean;
  previousResponseId?: string;
}

/** previous_response_id and item_reference items replaced by the stored items they name. */
export async function expandStoredInput(
  db: D1Database,
  owner: string,
  body: JsonObject,
): Promise<Expanded> {
  const cache = new Map<string, Promise<StoredResponse | null>>();
  const load = (id: string) => {
    let row = cache.get(id);
    if (!row) cache.set(id, (row = getResponse(db, id, owner)));
    return row;
  };
  const input: Item[] =
    typeof body.input === 'string'
      ? [{ type: 'message', role: 'user', content: body.input }]
      : Array.isArray(body.input)
        ? body.input
        : [];
  let usedStorage = false;
  let history: Item[] = [];
  const previousId =
    typeof body.previous_response_id === 'string' ? body.previous_response_id : undefined;
  if (previousId) {
    const previous = await load(previousId);
    if (previous) {
      history = [...previous.inputItems, ...(previous.response.output ?? [])];
      usedStorage = true;
    }
  }
  const resolved = await Promise.all(
    input.map(async (item) => {
      if (item?.type !== 'item_reference' || typeof item.id !== 'string') return item;
      const responseId = responseIdOfItem(item.id);
      const row = responseId ? await load(responseId) : null;
      const found =
        row && [...row.inputItems, ...(row.response.output ?? [])].find((i) => i.id === item.id);
      if (!found) return item;
      usedStorage = true;
      return found;
    }),
  );
  if (!usedStorage) return { body, usedStorage };
  const { previous_response_id: _, ...rest } = body;
  return {
    body: { ...rest, input: [...history, ...resolved] },
    usedStorage,
    previousResponseId: previousId,
  };
}

const PREFIX: Record<string, string> = {
  message: 'msg',
  function_call: 'fc',
  function_call_output: 'fco',
  reasoning: 'rs',
  custom_tool_call: 'ctc',
  custom_tool_call_output: 'ctco',
};

/** Input items as stored: each with an id (made from the response id) so item_reference finds it. */
export function inputItemsWithIds(body: JsonObject, responseId: string): Item[] {
  const core = responseId.replace(/^resp_/, '');
  const items: Item[] =
    typeof body.input === 'string'
      ? [{ type: 'message', role: 'user', content: body.input }]
      : Array.isArray(body.input)
        ? body.input
        : [];
  return items.map((item, i) => {
    // Malformed items are the codec's to reject (a 400 naming them); they are never stored.
    if (!item || typeof item !== 'object' || Array.isArray(item)) return item;
    const type = item.type ?? 'message';
    return { ...item, type, id: item.id ?? `${PREFIX[type] ?? 'item'}_${core}_i${i}` };
  });
}

export type ReasoningSealer = ReturnType<typeof reasoningSealer>;

/** Seals and opens canonical reasoning for one owner (a sealed item is useless to anyone else). */
export function reasoningSealer(key: Uint8Array, owner: string) {
  const context = `responses-reasoning:${owner}`;
  return {
    seal(part: ReasoningPart): string {
      const { text, signature, redacted } = part;
      return seal(key, JSON.stringify({ text, signature, redacted }), context);
    },
    /** Reasoning parts whose encrypted_content this gateway sealed, opened back into what the provider sent; true when there were any. */
    open(messages: Message[]): boolean {
      let opened = false;
      for (const m of messages) {
        m.content = m.content.map((p) => {
          if (p.type !== 'reasoning' || !p.encrypted || !isSealed(p.encrypted)) return p;
          opened = true;
          const plain = unseal(key, p.encrypted, context);
          if (plain === null)
            throw badRequest(
              'A reasoning item carries encrypted_content this gateway did not issue to you, or it was altered.',
              'input',
            );
          const sealed = JSON.parse(plain) as Pick<
            ReasoningPart,
            'text' | 'signature' | 'redacted'
          >;
          return {
            type: 'reasoning',
            text: sealed.text ?? '',
            ...(sealed.signature ? { signature: sealed.signature } : {}),
            ...(sealed.redacted !== undefined ? { redacted: sealed.redacted } : {}),
          };
        });
      }
      return opened;
    },
  };
}

export interface StoreTarget {
  db: D1Database;
  owner: string;
  endpointName: string;
  retentionDays: number;
  waitUntil(promise: Promise<unknown>): void;
}

/** A record made now under `target` is kept until this time (epoch ms). */
export const retainedUntil = (target: StoreTarget, now: number) =>
  now + target.retentionDays * 86_400_000;

/** Keeps a finished response for the retention window (written after the answer, never delaying it). */
export function storeResponse(
  target: StoreTarget,
  response: JsonObject,
  inputItems: Item[],
  previousResponseId: string | null,
): void {
  const now = Date.now();
  const write = saveResponse(target.db, {
    id: response.id,
    owner: target.owner,
    endpointName: target.endpointName,
    createdAt: now,
    expiresAt: retainedUntil(target, now),
    previousResponseId,
    inputItems,
    response,
  }).catch((err) => console.error('stored response not written', response.id, String(err)));
  target.waitUntil(write);
}

/** The response as a caller sees it: encrypted_content only when asked for. */
export function withoutEncrypted(response: JsonObject): JsonObject {
  return {
    ...response,
    output: (response.output ?? []).map((item: Item) =>
      item.type === 'reasoning' && item.encrypted_content
        ? (({ encrypted_content: _, ...rest }) => rest)(item)
        : item,
    ),
  };
}
