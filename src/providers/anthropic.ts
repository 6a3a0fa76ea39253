import type { ServedEntity } from '../config/served-entity';
import {
  decodeAnthropicError,
  decodeMessagesResponse,
  anthropicStreamDecoder,
  encodeMessagesRequest,
} from '../formats/anthropic-messages';
import type { ChatRequest } from '../formats/canonical';
import { credential } from '../gateway/credentials';
import { GatewayError } from '../gateway/errors';
import { joinUrl } from './openai-compatible';
import type { NativeOperation, Provider, ProviderCall } from './types';
import { sendUpstream, upstreamJson } from './upstream';

// Anthropic's own API: {base}/v1/messages with x-api-key and anthropic-version.

/** The version sent when the caller is not on the Anthropic dialect (or did not say one). */
export const DEFAULT_ANTHROPIC_VERSION = '2023-06-01';

const PATHS: Partial<Record<NativeOperation, string>> = {
  messages: 'v1/messages',
  count_tokens: 'v1/messages/count_tokens',
};

/**
 * The Anthropic headers of the caller worth forwarding: its API version (the body was written
 * for it) and its beta flags. Never its credentials.
 */
export function anthropicHeaders(
  callerHeaders: Record<string, string> | undefined,
): Record<string, string> {
  const headers: Record<string, string> = {
    'anthropic-version': callerHeaders?.['anthropic-version'] || DEFAULT_ANTHROPIC_VERSION,
  };
  const beta = callerHeaders?.['anthropic-beta'];
  if (beta) headers['anthropic-beta'] = beta;
  return headers;
}

/** Whether this API version (or beta) takes `role: "system"` messages after the first turn. */
export function allowsMidConversationSystem(headers: Record<string, string>): boolean {
  return (
    headers['anthropic-version'] >= '2026-10-21' ||
    /mid-conversation-system/.test(headers['anthropic-beta'] ?? '')
  );
}

async function post(
  call: ProviderCall<ServedEntity<'anthropic'>>,
  op: NativeOperation,
  body: Record<string, unknown>,
  headers: Record<string, string>,
): Promise<Response> {
  const path = PATHS[op];
  if (!path)
    throw new GatewayError({
      status: 400,
      message: `Provider anthropic does not support ${op}.`,
      code: 'unsupported_operation',
    });
  const url = joinUrl(call.entity.config.anthropic_api_base ?? 'https://api.anthropic.com', path);
  const init = {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...headers,
      'x-api-key': await credential(call.env, call.entity, 'anthropic_api_key'),
    },
    body: JSON.stringify(body),
  };
  return sendUpstream(url, init, decodeAnthropicError, call.signal);
}

export const anthropic: Provider<ServedEntity<'anthropic'>> = {
  wireFormat: () => 'anthropic',
  forwards: (_entity, op) => op === 'messages' || op === 'count_tokens',
  async chat(call, req: ChatRequest) {
    const headers = anthropicHeaders(req.extra.headers);
    const body = encodeMessagesRequest(req, {
      model: call.entity.model,
      inlineSystem: allowsMidConversationSystem(headers),
    });
    const response = await post(call, 'messages', body, headers);
    if (req.stream)
      return { kind: 'stream', body: response.body!, decoder: anthropicStreamDecoder() };
    return { kind: 'response', response: decodeMessagesResponse(await upstreamJson(response)) };
  },
  forward(call, op, body, headers) {
    return post(call, op, { ...body, model: call.entity.model }, anthropicHeaders(headers));
  },
};
