import {
  decodeResponsesRequest,
  decodeResponsesUsage,
  encodeResponsesResponse,
  responsesStreamEncoder,
  newResponseId,
  type DecodedResponsesRequest,
} from '../formats/openai-responses';
import { parseJsonData, sseFrame } from '../formats/sse';
import type { ChatDialect, PassthroughCodec } from './dialect';
import { badRequest } from './errors';

// The Responses API as a chat dialect. One dialect object per request: it remembers what only
// the Responses API has (namespaces, hosted tools, storage flags) between decode and encode.

export interface ResponsesTurn {
  responseId: string;
  decoded?: DecodedResponsesRequest;
  /** Set once the request is translated rather than passed through. */
  translated: boolean;
  /** Hosted tools left out of a translated request (named in a response header). */
  droppedTools: string[];
}

const TERMINAL = new Set(['response.completed', 'response.incomplete', 'response.failed']);

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
  const options = () => turn.decoded?.options;
  return {
    apiType: 'responses',
    wireFormat: 'openai',
    nativeOperation: 'responses',
    decode(body) {
      turn.decoded = decodeResponsesRequest(body);
      return turn.decoded.chat;
    },
    checkTranslatable() {
      const forced = options()?.forcedHostedTool;
      if (forced) throw badRequest(`tool_choice forces the hosted tool '${forced}', which this endpoint's provider cannot run.`, 'tool_choice');
      turn.translated = true;
      turn.droppedTools = (options()?.hostedTools ?? []).map((t) => String(t.type));
    },
    encodeResponse: (res, req, model) => encodeResponsesResponse(res, req, model, options(), turn.responseId),
    streamEncoder: (req, model) => responsesStreamEncoder(req, model, { responseId: turn.responseId, options: options() }),
    passthrough: responsesPassthrough,
  };
}
