import type { ServedEntity } from '../config/served-entity';
import {
  anthropicStreamDecoder,
  decodeAnthropicError,
  decodeMessagesResponse,
  encodeMessagesRequest,
} from '../formats/anthropic-messages';
import type { ChatRequest } from '../formats/canonical';
import { decodeVertexEmbedResponse, encodeVertexEmbedRequest } from '../formats/vertex-embeddings';
import {
  decodeGeminiError,
  decodeGeminiResponse,
  encodeGeminiRequest,
  geminiStreamDecoder,
} from '../formats/gemini';
import { GatewayError } from '../gateway/errors';
import { googleAccessToken } from './google-auth';
import { joinUrl } from './openai-compatible';
import type { ChatResult, NativeOperation, Provider, ProviderCall } from './types';
import { sendUpstream, upstreamJson, type ErrorDecoder } from './upstream';
import type { JsonObject } from '../formats/json';

// Google Vertex AI (PROTOCOLS §4.2–4.4): Gemini models through generateContent, Claude models
// (`claude*`) through the Anthropic publisher's rawPredict with the Messages body, text
// embeddings through predict; every call with a service-account OAuth token.

/** The Messages API version Vertex wants in the body (it takes no anthropic-version header). */
export const VERTEX_ANTHROPIC_VERSION = 'vertex-2023-10-16';

type VertexEntity = ServedEntity<'google-cloud-vertex-ai'>;

const isClaude = (entity: VertexEntity) => entity.model.startsWith('claude');

function host(entity: VertexEntity): string {
  const { region, vertex_api_base } = entity.config;
  if (vertex_api_base) return vertex_api_base;
  return region === 'global'
    ? 'https://aiplatform.googleapis.com'
    : `https://${region}-aiplatform.googleapis.com`;
}

/** `{host}/v1/projects/{p}/locations/{r}/publishers/{publisher}/models/{model}:{method}` */
function modelUrl(entity: VertexEntity, publisher: string, model: string, method: string): string {
  const { project_id, region } = entity.config;
  const path = `v1/projects/${encodeURIComponent(project_id)}/locations/${encodeURIComponent(region)}/publishers/${publisher}/models/${encodeURIComponent(model)}:${method}`;
  return joinUrl(host(entity), path);
}

async function post(
  call: ProviderCall<VertexEntity>,
  url: string,
  body: Record<string, unknown>,
  decodeError: ErrorDecoder,
  headers: Record<string, string> = {},
): Promise<Response> {
  const init = {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...headers,
      authorization: `Bearer ${await googleAccessToken(call)}`,
    },
    body: JSON.stringify(body),
  };
  return sendUpstream(url, init, decodeError, call.signal);
}

/** The caller's anthropic-beta flags are honoured by Vertex; its anthropic-version is not (it goes in the body). */
const betaHeader = (headers: Record<string, string> | undefined): Record<string, string> =>
  headers?.['anthropic-beta'] ? { 'anthropic-beta': headers['anthropic-beta'] } : {};

async function claudeChat(call: ProviderCall<VertexEntity>, req: ChatRequest): Promise<ChatResult> {
  const body = encodeMessagesRequest(req, { anthropicVersion: VERTEX_ANTHROPIC_VERSION });
  const url = modelUrl(
    call.entity,
    'anthropic',
    call.entity.model,
    req.stream ? 'streamRawPredict' : 'rawPredict',
  );
  const response = await post(call, url, body, decodeAnthropicError, betaHeader(req.extra.headers));
  if (req.stream)
    return { kind: 'stream', body: response.body!, decoder: anthropicStreamDecoder() };
  return { kind: 'response', response: decodeMessagesResponse(await upstreamJson(response)) };
}

async function geminiChat(call: ProviderCall<VertexEntity>, req: ChatRequest): Promise<ChatResult> {
  const body = encodeGeminiRequest(req, { model: call.entity.model });
  const response = await post(call, geminiUrl(call.entity, req.stream), body, decodeGeminiError);
  if (req.stream) return { kind: 'stream', body: response.body!, decoder: geminiStreamDecoder() };
  return { kind: 'response', response: decodeGeminiResponse(await upstreamJson(response)) };
}

/** Streams are always asked for as SSE (without alt=sse Google sends one long JSON array). */
const geminiUrl = (entity: VertexEntity, stream: boolean) =>
  modelUrl(entity, 'google', entity.model, stream ? 'streamGenerateContent' : 'generateContent') +
  (stream ? '?alt=sse' : '');

/** Vertex wants a role on every content; the Gemini API lets callers leave it out for user turns. */
function withRoles(body: Record<string, unknown>): Record<string, unknown> {
  const contents = Array.isArray(body.contents)
    ? body.contents.map((c: JsonObject) =>
        c && typeof c === 'object' && !c.role ? { ...c, role: 'user' } : c,
      )
    : body.contents;
  return { ...body, contents };
}

const CLAUDE_OPS: NativeOperation[] = ['messages', 'count_tokens'];
const GEMINI_OPS: NativeOperation[] = ['generate_content', 'stream_generate_content'];

export const vertex: Provider<VertexEntity> = {
  wireFormat: (entity) => (isClaude(entity) ? 'anthropic' : 'gemini'),
  forwards: (entity, op) => (isClaude(entity) ? CLAUDE_OPS : GEMINI_OPS).includes(op),
  chat: (call, req) => (isClaude(call.entity) ? claudeChat(call, req) : geminiChat(call, req)),
  async embeddings(call, req) {
    const response = await post(
      call,
      modelUrl(call.entity, 'google', call.entity.model, 'predict'),
      encodeVertexEmbedRequest(req),
      decodeGeminiError,
    );
    return decodeVertexEmbedResponse(await upstreamJson(response), call.entity.model);
  },
  forward(call, op: NativeOperation, body, headers) {
    if (!vertex.forwards!(call.entity, op)) {
      throw new GatewayError({
        status: 400,
        message: `Vertex AI model ${call.entity.model} does not take ${op} requests.`,
        code: 'unsupported_operation',
      });
    }
    const { model: _model, ...rest } = body;
    if (!isClaude(call.entity))
      return post(
        call,
        geminiUrl(call.entity, op === 'stream_generate_content'),
        withRoles(rest),
        decodeGeminiError,
      );
    // Token counting has its own pseudo-model and wants the model named in the body.
    const url =
      op === 'count_tokens'
        ? modelUrl(call.entity, 'anthropic', 'count-tokens', 'rawPredict')
        : modelUrl(
            call.entity,
            'anthropic',
            call.entity.model,
            body.stream === true ? 'streamRawPredict' : 'rawPredict',
          );
    const prepared = {
      ...rest,
      anthropic_version: VERTEX_ANTHROPIC_VERSION,
      ...(op === 'count_tokens' ? { model: call.entity.model } : {}),
    };
    return post(call, url, prepared, decodeAnthropicError, betaHeader(headers));
  },
};
