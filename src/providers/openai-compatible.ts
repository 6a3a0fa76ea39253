import type { ServedEntity } from '../config/served-entity';
import type { ChatRequest } from '../formats/canonical';
import {
  decodeChatResponse,
  openAIChatStreamDecoder,
  decodeOpenAIError,
  encodeChatRequest,
} from '../formats/openai-chat';
import { decodeEmbeddingResponse, encodeEmbeddingRequest } from '../formats/openai-embeddings';
import { GatewayError } from '../gateway/errors';
import { adjustAfterRefusal, withinKnownLimits } from './openai-model-limits';
import type { NativeOperation, Provider, ProviderCall } from './types';
import { sendUpstream, upstreamJson } from './upstream';

// Everything that speaks the OpenAI wire format (OpenAI, Azure, AI21, Databricks, custom servers)
// shares this; a provider only says where each operation goes and how to authenticate.

export interface OpenAICompatibleTarget<E extends ServedEntity> {
  /** The URL of an operation, or null when this provider does not offer it. */
  url(call: ProviderCall<E>, op: NativeOperation): string | null;
  headers(call: ProviderCall<E>): Promise<Record<string, string>>;
  /** Which max-tokens field this server understands (default max_tokens). */
  maxTokensField?: 'max_tokens' | 'max_completion_tokens';
  /** Adjusts an encoded body for this provider (e.g. remove `model`). */
  prepare?(body: Record<string, unknown>, call: ProviderCall<E>): Record<string, unknown>;
}

export function openAICompatible<E extends ServedEntity>(
  target: OpenAICompatibleTarget<E>,
): Provider<E> {
  async function post(
    call: ProviderCall<E>,
    op: NativeOperation,
    body: Record<string, unknown>,
    extraHeaders?: Record<string, string>,
    url = target.url(call, op),
  ): Promise<Response> {
    if (!url)
      throw new GatewayError({
        status: 400,
        message: `Provider ${call.entity.provider} does not support ${op}.`,
        code: 'unsupported_operation',
      });
    const prepared = target.prepare ? target.prepare(body, call) : body;
    const init = {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(extraHeaders ?? {}),
        ...(await target.headers(call)),
      },
      body: JSON.stringify(prepared),
    };
    return sendUpstream(url, init, decodeOpenAIError, call.signal);
  }

  /** A translated chat request, retried without what the model refused (openai-model-limits.ts). */
  async function postWithinModelLimits(
    call: ProviderCall<E>,
    encoded: Record<string, unknown>,
  ): Promise<Response> {
    const url = target.url(call, 'chat');
    const modelKey = `${url}|${call.entity.model}`;
    let body = withinKnownLimits(modelKey, encoded);
    // At most one retry per field the model can refuse (reasoning effort, output tokens).
    for (let attempt = 0; ; attempt++) {
      try {
        return await post(call, 'chat', body, undefined, url);
      } catch (err) {
        const adjusted = attempt < 2 ? adjustAfterRefusal(modelKey, body, err) : undefined;
        if (!adjusted) throw err;
        body = adjusted;
      }
    }
  }

  return {
    wireFormat: () => 'openai',
    // Only operations this provider has a URL for; the rest are translated (e.g. completions via chat).
    forwards: (entity, op) =>
      (op === 'chat' || op === 'completions' || op === 'embeddings' || op === 'responses') &&
      target.url({ entity } as ProviderCall<E>, op) !== null,
    async chat(call, req: ChatRequest) {
      const response = await postWithinModelLimits(
        call,
        encodeChatRequest(req, call.entity.model, { maxTokensField: target.maxTokensField }),
      );
      if (req.stream)
        return { kind: 'stream', body: response.body!, decoder: openAIChatStreamDecoder() };
      return { kind: 'response', response: decodeChatResponse(await upstreamJson(response)) };
    },
    async embeddings(call, req) {
      const response = await post(
        call,
        'embeddings',
        encodeEmbeddingRequest(req, call.entity.model),
      );
      return decodeEmbeddingResponse(await upstreamJson(response));
    },
    forward(call, op, body, headers) {
      return post(call, op, { ...body, model: call.entity.model }, headers);
    },
    async storedResponse(call, method, path, query) {
      const base = target.url(call, 'responses');
      if (!base)
        throw new GatewayError({
          status: 400,
          message: `Provider ${call.entity.provider} does not store responses.`,
          code: 'unsupported_operation',
        });
      const init = { method, headers: await target.headers(call) };
      return sendUpstream(`${joinUrl(base, path)}${query}`, init, decodeOpenAIError, call.signal);
    },
  };
}

/** Joins a base URL and a path without doubling or dropping slashes. */
export function joinUrl(base: string, path: string): string {
  return `${base.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
}
