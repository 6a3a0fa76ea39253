import { Hono, type Context } from 'hono';
import {
  geminiBatchEmbedContents,
  geminiCountTokens,
  geminiEmbedContent,
  geminiGenerateContent,
} from '../dialects/gemini';
import type { AppEnv } from '../env';
import { handleChat } from '../gateway/chat';
import { handleCountTokens } from '../gateway/count-tokens';
import { handleEmbeddings } from '../gateway/embeddings';
import { GatewayError } from '../gateway/errors';
import { readJsonBody } from './body';

// The Gemini front door: POST /ai-gateway/gemini/v1beta/models/{endpoint}:generateContent and
// :streamGenerateContent (SSE with ?alt=sse, else one streamed JSON array), :countTokens,
// :embedContent and :batchEmbedContents. The model in the path names the serving endpoint; the
// key comes as x-goog-api-key, ?key= or Authorization.

/** What each method of `models/{endpoint}:{method}` does. */
const METHODS: Record<string, (c: Context<AppEnv>, model: string) => Promise<Response>> = {
  generateContent: async (c, model) =>
    handleChat(
      c,
      geminiGenerateContent.json,
      model,
      await readJsonBody(c, geminiGenerateContent.json.apiType, model),
    ),
  streamGenerateContent: async (c, model) =>
    handleChat(
      c,
      c.req.query('alt') === 'sse' ? geminiGenerateContent.sse : geminiGenerateContent.array,
      model,
      await readJsonBody(c, geminiGenerateContent.sse.apiType, model),
    ),
  countTokens: async (c, model) =>
    handleCountTokens(
      c,
      geminiCountTokens,
      model,
      await readJsonBody(c, geminiCountTokens.apiType, model),
    ),
  embedContent: async (c, model) =>
    handleEmbeddings(
      c,
      geminiEmbedContent,
      model,
      await readJsonBody(c, geminiEmbedContent.apiType, model),
    ),
  batchEmbedContents: async (c, model) =>
    handleEmbeddings(
      c,
      geminiBatchEmbedContents,
      model,
      await readJsonBody(c, geminiBatchEmbedContents.apiType, model),
    ),
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
      throw new GatewayError({
        status: 404,
        message: `Unknown method '${method}': use models/{endpoint}:${Object.keys(METHODS).join(', :')}.`,
        code: 'NOT_FOUND',
      });
    }
    return handler(c, model);
  });
}
