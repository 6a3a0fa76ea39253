import { Hono, type Context } from 'hono';
import type { AppEnv } from '../env';
import { decodeGeminiEmbedRequest, decodeGeminiRequest, decodeGeminiUsage, encodeGeminiEmbedResponse, encodeGeminiError, encodeGeminiResponse, geminiStreamDecoder, geminiStreamEncoder } from '../formats/gemini';
import { parseJsonData, sseFrame } from '../formats/sse';
import { handleChat } from '../gateway/chat';
import { handleCountTokens, type CountTokensDialect } from '../gateway/count-tokens';
import type { ChatDialect } from '../gateway/dialect';
import { handleEmbeddings, type EmbeddingsDialect } from '../gateway/embeddings';
import { GatewayError } from '../gateway/errors';
import { readJsonBody } from './body';

// The Gemini front door: POST /ai-gateway/gemini/v1beta/models/{endpoint}:generateContent and
// :streamGenerateContent (SSE with ?alt=sse, else one streamed JSON array), :countTokens,
// :embedContent and :batchEmbedContents. The model in the path names the serving endpoint; the
// key comes as x-goog-api-key, ?key= or Authorization.

interface GeminiCall {
  model: string;
  stream: boolean;
  sse: boolean;
}

export function geminiDialect(call: GeminiCall): ChatDialect {
  return {
    apiType: 'gemini/generateContent',
    wireFormat: 'gemini',
    nativeOperation: call.stream ? 'stream_generate_content' : 'generate_content',
    decode: (body) => decodeGeminiRequest(body, { model: call.model, stream: call.stream }),
    encodeResponse: (res, _req, model) => encodeGeminiResponse(res, model),
    streamEncoder: (_req, model) => geminiStreamEncoder(model, { sse: call.sse }),
    streamDecoder: geminiStreamDecoder,
    // A Gemini-format provider answers streams as SSE, so only SSE callers can take its bytes.
    passthrough:
      call.stream && !call.sse
        ? undefined
        : {
            prepare: (body) => ({ body, stream: call.stream, hideUsageFrames: false }),
            usageFromJson: (json) => decodeGeminiUsage(json?.usageMetadata),
            // usageMetadata is cumulative: each frame's replaces the last.
            usageFromMessage: (m) => (m.data.includes('"usageMetadata"') ? decodeGeminiUsage(parseJsonData(m.data)?.usageMetadata) : undefined),
            errorFrame: (error) => sseFrame(encodeGeminiError(error)),
            // Gemini has no [DONE]: the chunk with the finishReason (and final usage) is the last.
            isFinalMessage: (m) => m.data.includes('"finishReason"'),
          },
  };
}

const geminiCountTokens: CountTokensDialect = {
  apiType: 'gemini/countTokens',
  // The body is either {contents} or the whole {generateContentRequest}.
  decode: (body) => decodeGeminiRequest(body.generateContentRequest ?? body, { model: '', stream: false }),
  encode: (count) => ({ totalTokens: count }),
};

const geminiEmbeddings = (model: string, batch: boolean): EmbeddingsDialect => ({
  apiType: 'gemini/embedContent',
  decode: (body) => decodeGeminiEmbedRequest(body, model, batch),
  encode: (res) => encodeGeminiEmbedResponse(res, batch),
});

async function generate(c: Context<AppEnv>, model: string, stream: boolean): Promise<Response> {
  const call: GeminiCall = { model, stream, sse: c.req.query('alt') === 'sse' };
  const dialect = geminiDialect(call);
  const res = await handleChat(c, dialect, model, await readJsonBody(c, dialect.apiType, model));
  if (!call.stream || call.sse || !res.ok) return res;
  // Without alt=sse Gemini streams one JSON array.
  const headers = new Headers(res.headers);
  headers.set('content-type', 'application/json; charset=utf-8');
  return new Response(res.body, { status: res.status, headers });
}

async function embed(c: Context<AppEnv>, model: string, batch: boolean): Promise<Response> {
  const dialect = geminiEmbeddings(model, batch);
  return handleEmbeddings(c, model, await readJsonBody(c, dialect.apiType, model), dialect);
}

/** What each method of `models/{endpoint}:{method}` does. */
const METHODS: Record<string, (c: Context<AppEnv>, model: string) => Promise<Response>> = {
  generateContent: (c, model) => generate(c, model, false),
  streamGenerateContent: (c, model) => generate(c, model, true),
  countTokens: async (c, model) => handleCountTokens(c, geminiCountTokens, model, await readJsonBody(c, geminiCountTokens.apiType, model)),
  embedContent: (c, model) => embed(c, model, false),
  batchEmbedContents: (c, model) => embed(c, model, true),
};

export const geminiRoutes = new Hono<AppEnv>();

for (const version of ['v1beta', 'v1']) {
  geminiRoutes.post(`/ai-gateway/gemini/${version}/models/:target`, async (c) => {
    const target = c.req.param('target');
    const at = target.lastIndexOf(':');
    const model = at > 0 ? target.slice(0, at) : '';
    const method = at > 0 ? target.slice(at + 1) : target;
    const handler = Object.hasOwn(METHODS, method) ? METHODS[method] : undefined;
    if (!model || !handler) {
      throw new GatewayError(404, `Unknown method '${method}': use models/{endpoint}:${Object.keys(METHODS).join(', :')}.`, 'NOT_FOUND');
    }
    return handler(c, model);
  });
}
