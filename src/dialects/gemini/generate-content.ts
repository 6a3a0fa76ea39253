import {
  decodeGeminiRequest,
  encodeGeminiResponse,
  geminiStreamEncoder,
} from '../../formats/gemini';
import type { ChatDialect } from '../types';
import { geminiPassthrough } from './passthrough';

// POST /ai-gateway/gemini/v1beta/models/{endpoint}:generateContent and :streamGenerateContent.
// The endpoint and whether to stream are in the URL, not the body.

/** How the answer leaves: one JSON object, or a stream as SSE (?alt=sse) or, without it, as one JSON array (as Google's). */
type GeminiAnswer = 'json' | 'sse' | 'array';

function generateContent(answer: GeminiAnswer): ChatDialect {
  const stream = answer !== 'json';
  // A Gemini-format provider answers streams as SSE, so only SSE callers can take its bytes.
  const passthrough = answer === 'array' ? undefined : geminiPassthrough(stream);
  return {
    apiType: 'gemini/generateContent',
    wireFormat: 'gemini',
    nativeOperation: stream ? 'stream_generate_content' : 'generate_content',
    streamContentType: answer === 'array' ? 'application/json; charset=utf-8' : undefined,
    decode(body, call) {
      return {
        request: decodeGeminiRequest(body, { model: call.endpointName, stream }),
        passthrough,
        encodeResponse: (res, model) => encodeGeminiResponse(res, model),
        streamEncoder: (model) => geminiStreamEncoder(model, { sse: answer === 'sse' }),
      };
    },
  };
}

export const geminiGenerateContent: Record<GeminiAnswer, ChatDialect> = {
  json: generateContent('json'),
  sse: generateContent('sse'),
  array: generateContent('array'),
};
