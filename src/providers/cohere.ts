import type { ServedEntity } from '../config/served-entity';
import {
  COHERE_FAILURES,
  cohereStreamDecoder,
  decodeCohereChatResponse,
  decodeCohereEmbedResponse,
  decodeCohereError,
  encodeCohereChatRequest,
  encodeCohereEmbedRequest,
} from '../formats/cohere-v2';
import { credential } from '../gateway/credentials';
import { GatewayError } from '../gateway/errors';
import { joinUrl } from './openai-compatible';
import type { Provider, ProviderCall } from './types';
import { sendUpstream, upstreamJson } from './upstream';

// Cohere v2 (PROTOCOLS §6): {base}/v2/chat and {base}/v2/embed with a Bearer key.

async function post(
  call: ProviderCall<ServedEntity<'cohere'>>,
  path: string,
  body: Record<string, unknown>,
): Promise<Response> {
  const base = call.entity.config.cohere_api_base ?? 'https://api.cohere.com';
  const init = {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: body.stream ? 'text/event-stream' : 'application/json',
      authorization: `Bearer ${await credential(call.env, call.entity, 'cohere_api_key')}`,
    },
    body: JSON.stringify(body),
  };
  try {
    return await sendUpstream(joinUrl(base, path), init, decodeCohereError, call.signal);
  } catch (err) {
    // Cohere answers an invalid key with its own 498.
    if (err instanceof GatewayError && err.upstreamStatus === 498)
      throw new GatewayError({
        status: 401,
        message: err.message,
        code: 'invalid_api_key',
        retryAfter: err.retryAfter,
        upstreamStatus: 498,
      });
    throw err;
  }
}

export const cohere: Provider<ServedEntity<'cohere'>> = {
  wireFormat: () => 'cohere',
  async chat(call, req) {
    const response = await post(call, 'v2/chat', encodeCohereChatRequest(req, call.entity.model));
    if (req.stream)
      return {
        kind: 'stream',
        body: response.body!,
        decoder: cohereStreamDecoder(call.entity.model),
      };
    const body = await upstreamJson(response);
    if (COHERE_FAILURES.has(body?.finish_reason)) {
      throw new GatewayError({
        status: body.finish_reason === 'TIMEOUT' ? 504 : 502,
        message: `Cohere could not finish the answer (${body.finish_reason}).`,
        code: 'upstream_error',
      });
    }
    return { kind: 'response', response: decodeCohereChatResponse(body, call.entity.model) };
  },
  async embeddings(call, req) {
    const response = await post(call, 'v2/embed', encodeCohereEmbedRequest(req, call.entity.model));
    return decodeCohereEmbedResponse(await upstreamJson(response), call.entity.model);
  },
};
