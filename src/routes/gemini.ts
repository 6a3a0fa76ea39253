import { Hono } from 'hono';
import type { AppEnv } from '../env';
import { decodeGeminiRequest, decodeGeminiUsage, encodeGeminiError, encodeGeminiResponse, geminiStreamDecoder, geminiStreamEncoder } from '../formats/gemini';
import { parseJsonData, sseFrame } from '../formats/sse';
import { handleChat } from '../gateway/chat';
import type { ChatDialect } from '../gateway/dialect';
import { GatewayError } from '../gateway/errors';
import { readJsonBody } from './body';

// The Gemini front door: POST /ai-gateway/gemini/v1beta/models/{endpoint}:generateContent and
// :streamGenerateContent (SSE with ?alt=sse, else one streamed JSON array). The model in the
// path names the serving endpoint; the key comes as x-goog-api-key, ?key= or Authorization.

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

export const geminiRoutes = new Hono<AppEnv>();

const ACTIONS = new Set(['generateContent', 'streamGenerateContent']);

for (const version of ['v1beta', 'v1']) {
  geminiRoutes.post(`/ai-gateway/gemini/${version}/models/:target`, async (c) => {
    const target = c.req.param('target');
    const at = target.lastIndexOf(':');
    const model = at > 0 ? target.slice(0, at) : '';
    const action = at > 0 ? target.slice(at + 1) : target;
    if (!model || !ACTIONS.has(action)) {
      throw new GatewayError(404, `Unknown method '${action}': use models/{endpoint}:generateContent or :streamGenerateContent.`, 'NOT_FOUND');
    }
    const call: GeminiCall = { model, stream: action === 'streamGenerateContent', sse: c.req.query('alt') === 'sse' };
    const body = await readJsonBody(c);
    const res = await handleChat(c, geminiDialect(call), model, body);
    if (!call.stream || call.sse || !res.ok) return res;
    // Without alt=sse Gemini streams one JSON array.
    const headers = new Headers(res.headers);
    headers.set('content-type', 'application/json; charset=utf-8');
    return new Response(res.body, { status: res.status, headers });
  });
}
