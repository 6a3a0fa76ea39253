import type { ChatResponse } from '../formats/canonical';
import {
  decodeResponsesRequest,
  decodeResponsesUsage,
  encodeResponsesResponse,
  newResponseId,
  responsesStreamDecoder,
  responsesStreamEncoder,
  type DecodedResponsesRequest,
} from '../formats/openai-responses';
import { parseJsonData, sseFrame } from '../formats/sse';
import type { ChatDialect, PassthroughCodec } from './dialect';
import { badRequest } from './errors';
import { previousNotFound, recordForwarded, type ForwardedReferences } from './forwarded-responses';
import { storeResponse, withoutEncrypted, type reasoningSealer, type StoreTarget } from './responses-state';

// The Responses API as a chat dialect. One dialect object per request: it remembers what only
// the Responses API has (namespaces, hosted tools, storage, sealed reasoning) between decode and encode.

export interface ResponsesTurn {
  responseId: string;
  decoded?: DecodedResponsesRequest;
  /** Set once the request is translated rather than passed through. */
  translated: boolean;
  /** Hosted tools left out of a translated request (named in a response header). */
  droppedTools: string[];
  /** The request leans on state this gateway keeps (stored turns, sealed reasoning): never passed through. */
  usedStorage?: boolean;
  /** The previous_response_id this gateway resolved from storage. */
  previousResponseId?: string;
  sealer?: ReturnType<typeof reasoningSealer>;
  /** Where to keep the response when `store` is not false, with the input items it answered. */
  store?: StoreTarget & { inputItems: Record<string, unknown>[] };
  /** Provider-stored state the request references: the entity holding it, or the refusal to give. */
  forwarded?: ForwardedReferences;
}

const TERMINAL = new Set(['response.completed', 'response.incomplete', 'response.failed']);
const ENCRYPTED = 'reasoning.encrypted_content';

/** A Responses body passed through to an OpenAI-format provider: usage is in the terminal event. */
export const responsesPassthrough: PassthroughCodec = {
  prepare: (body) => ({ body, stream: body.stream === true, hideUsageFrames: false }),
  usageFromJson: (json) => decodeResponsesUsage(json?.usage),
  // Usage only arrives in the terminal event; skip parsing the others.
  usageFromMessage: (m) => (TERMINAL.has(m.event ?? '') ? decodeResponsesUsage(parseJsonData(m.data)?.response?.usage) : undefined),
  isFinalMessage: (m) => TERMINAL.has(m.event ?? ''),
  errorFrame: (error) => sseFrame({ type: 'error', sequence_number: 0, code: error.code ?? 'upstream_error', message: error.message, param: error.param ?? null }, 'error'),
};

export function responsesDialect(turn: ResponsesTurn = { responseId: newResponseId(), translated: false, droppedTools: [] }): ChatDialect {
  const options = () => turn.decoded!.options;
  let unresolvedPrevious = false;
  const keep = (response: Record<string, any>) => {
    if (turn.store && options().store) storeResponse(turn.store, response, turn.store.inputItems, turn.previousResponseId ?? null);
  };
  return {
    apiType: 'responses',
    wireFormat: 'openai',
    nativeOperation: 'responses',
    get passthrough() {
      return turn.usedStorage ? undefined : responsesPassthrough;
    },
    preferredEntity: turn.forwarded?.holder?.endpointName === turn.store?.endpointName ? turn.forwarded?.holder?.servedEntityName : undefined,
    watchPassthrough: turn.store ? (entityName) => recordForwarded(turn.store!, entityName, options().store) : undefined,
    decode(body) {
      if (turn.forwarded?.refusal) throw turn.forwarded.refusal;
      turn.decoded = decodeResponsesRequest(body);
      if (turn.sealer?.open(turn.decoded.chat.messages)) turn.usedStorage = true;
      unresolvedPrevious = turn.decoded.options.previousResponseId !== undefined;
      if (turn.previousResponseId) turn.decoded.options.previousResponseId = turn.previousResponseId;
      return turn.decoded.chat;
    },
    checkTranslatable() {
      const o = options();
      if (o.forcedHostedTool) throw badRequest(`tool_choice forces the hosted tool '${o.forcedHostedTool}', which this endpoint's provider cannot run.`, 'tool_choice');
      if (unresolvedPrevious) throw previousNotFound(o.previousResponseId!);
      if (o.unresolvedReferences.length) throw badRequest('This item_reference names no stored item of yours.', o.unresolvedReferences[0]);
      turn.translated = true;
      turn.droppedTools = o.hostedTools.map((t) => String(t.type));
    },
    // The inference log renders assembled streams without storing or sealing anything.
    encodeForLog: (res, req, model) => withoutEncrypted(encodeResponsesResponse(res, req, model, options(), turn.responseId)),
    streamDecoder: responsesStreamDecoder,
    encodeResponse(res, req, model) {
      const sealed: ChatResponse = turn.sealer
        ? { ...res, content: res.content.map((p) => (p.type === 'reasoning' ? { ...p, encrypted: turn.sealer!.seal(p) } : p)) }
        : res;
      const full = encodeResponsesResponse(sealed, req, model, options(), turn.responseId);
      keep(full);
      return options().include.includes(ENCRYPTED) ? full : withoutEncrypted(full);
    },
    streamEncoder: (req, model) =>
      responsesStreamEncoder(req, model, {
        responseId: turn.responseId,
        options: options(),
        sealReasoning: turn.sealer?.seal,
        exposeEncrypted: options().include.includes(ENCRYPTED),
        onComplete: (response, encrypted) =>
          keep({ ...response, output: (response.output as any[]).map((item) => (encrypted[item.id] ? { ...item, encrypted_content: encrypted[item.id] } : item)) }),
      }),
  };
}
