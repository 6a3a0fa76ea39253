import type { ChatResponse } from '../../formats/canonical';
import {
  decodeResponsesRequest,
  encodeResponsesResponse,
  responsesStreamEncoder,
  type ResponsesOptions,
} from '../../formats/openai-responses';
import { badRequest } from '../../gateway/errors';
import {
  previousNotFound,
  recordForwarded,
  type ForwardedReferences,
} from '../../gateway/forwarded-responses';
import {
  storeResponse,
  withoutEncrypted,
  type ReasoningSealer,
  type StoreTarget,
} from '../../gateway/responses-state';
import type { ChatCall, ChatDialect } from '../types';
import { responsesPassthrough } from './passthrough';
import type { JsonObject } from '../../formats/json';

// The Responses API as a chat dialect, built per request from what the route resolved first
// (stored turns, references to provider-stored responses, the caller's sealing key): what only
// the Responses API has (namespaces, hosted tools, storage, sealed reasoning) travels from decode
// to encode inside the ChatCall that decode returns.

/** Names the hosted tools (web_search, …) a translated request had to leave out. */
const DROPPED_TOOLS_HEADER = 'x-gateway-dropped-tools';

const ENCRYPTED = 'reasoning.encrypted_content';

/** What the route resolved before the pipeline runs; fixed for the whole request. */
export interface ResolvedTurn {
  readonly responseId: string;
  /** The input leans on turns this gateway stored: the request is translated, never passed through. */
  readonly usedStorage: boolean;
  /** The previous_response_id this gateway resolved from its own storage. */
  readonly previousResponseId?: string;
  readonly sealer: ReasoningSealer;
  /** Where to keep the response when `store` is not false, with the input items it answered. */
  readonly store: StoreTarget & { readonly inputItems: Record<string, unknown>[] };
  /** Provider-stored state the request references: the entity holding it, or the refusal to give. */
  readonly forwarded: ForwardedReferences;
}

export function responsesDialect(turn: ResolvedTurn): ChatDialect {
  const holder = turn.forwarded.holder;
  return {
    apiType: 'responses',
    wireFormat: 'openai',
    nativeOperation: 'responses',
    decode(body): ChatCall {
      if (turn.forwarded.refusal) throw turn.forwarded.refusal;
      const { chat: request, options: sent } = decodeResponsesRequest(body);
      // Reasoning this gateway sealed can only be opened here: such a request is translated too.
      const openedSealed = turn.sealer.open(request.messages);
      // A previous_response_id still in the body names no response this gateway stored.
      const unresolvedPrevious = sent.previousResponseId;
      const options: ResponsesOptions = turn.previousResponseId
        ? { ...sent, previousResponseId: turn.previousResponseId }
        : sent;
      const exposeEncrypted = options.include.includes(ENCRYPTED);
      const keep = (response: JsonObject) => {
        if (options.store)
          storeResponse(
            turn.store,
            response,
            turn.store.inputItems,
            turn.previousResponseId ?? null,
          );
      };
      return {
        request,
        passthrough: turn.usedStorage || openedSealed ? undefined : responsesPassthrough,
        watchPassthrough: (entityName) => recordForwarded(turn.store, entityName, options.store),
        preferredEntity:
          holder?.endpointName === turn.store.endpointName ? holder.servedEntityName : undefined,
        translate() {
          if (options.forcedHostedTool)
            throw badRequest(
              `tool_choice forces the hosted tool '${options.forcedHostedTool}', which this endpoint's provider cannot run.`,
              'tool_choice',
            );
          if (unresolvedPrevious !== undefined) throw previousNotFound(unresolvedPrevious);
          if (options.unresolvedReferences.length)
            throw badRequest(
              'This item_reference names no stored item of yours.',
              options.unresolvedReferences[0],
            );
          if (options.hostedTools.length)
            return {
              [DROPPED_TOOLS_HEADER]: options.hostedTools.map((t) => String(t.type)).join(','),
            };
        },
        // The inference log renders assembled streams without storing or sealing anything.
        encodeForLog: (res, model) =>
          withoutEncrypted(encodeResponsesResponse(res, request, model, options, turn.responseId)),
        encodeResponse(res, model) {
          const sealed: ChatResponse = {
            ...res,
            content: res.content.map((p) =>
              p.type === 'reasoning' ? { ...p, encrypted: turn.sealer.seal(p) } : p,
            ),
          };
          const full = encodeResponsesResponse(sealed, request, model, options, turn.responseId);
          keep(full);
          return exposeEncrypted ? full : withoutEncrypted(full);
        },
        streamEncoder: (model) =>
          responsesStreamEncoder(request, model, {
            responseId: turn.responseId,
            options,
            sealReasoning: turn.sealer.seal,
            exposeEncrypted,
            onComplete: (response, encrypted) =>
              keep({
                ...response,
                output: (response.output as JsonObject[]).map((item) =>
                  encrypted[item.id] ? { ...item, encrypted_content: encrypted[item.id] } : item,
                ),
              }),
          }),
      };
    },
  };
}
