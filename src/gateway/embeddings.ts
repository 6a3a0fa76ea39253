import type { Context } from 'hono';
import type { AppEnv } from '../env';
import type { EmbeddingRequest, EmbeddingResponse } from '../formats/canonical';
import { decodeEmbeddingRequest, encodeEmbeddingResponse } from '../formats/openai-embeddings';
import { providerFor } from '../providers';
import { badRequest, GatewayError } from './errors';
import { startInferenceLog } from './inference-log';
import { runAgainstEndpoint } from './run';
import { estimateTokens, type ApiType } from './usage';

// Embeddings in the caller's dialect (OpenAI, Gemini) against any provider that can embed.

export interface EmbeddingsDialect {
  apiType: ApiType;
  decode(body: unknown): EmbeddingRequest;
  encode(res: EmbeddingResponse, model: string, req: EmbeddingRequest): Record<string, unknown>;
}

export const openAIEmbeddings: EmbeddingsDialect = {
  apiType: 'embeddings',
  decode: decodeEmbeddingRequest,
  encode: (res, model, req) => encodeEmbeddingResponse(res, model, req.encodingFormat),
};

export async function handleEmbeddings(c: Context<AppEnv>, endpointName: string, body: unknown, dialect: EmbeddingsDialect = openAIEmbeddings): Promise<Response> {
  // `return await`: a rejection must get its handler at once, or workerd reports it as unhandled.
  return await runAgainstEndpoint(c, dialect.apiType, endpointName, async (run) => {
    const log = startInferenceLog(run, c.env.DB, body);
    if (run.live.record.task !== 'llm/v1/embeddings') {
      throw badRequest(`Endpoint '${endpointName}' serves ${run.live.record.task}, not embeddings.`, 'model');
    }
    const req = dialect.decode(body);
    return run.withFallback(async (entity, call) => {
      const provider = providerFor(entity.provider);
      if (!provider.embeddings) throw new GatewayError(400, `Provider ${entity.provider} does not serve embeddings.`, 'unsupported_operation');
      const res = await provider.embeddings(call, req);
      run.recorder.markFirstByte();
      const usage = res.usage.estimated || !res.usage.inputTokens
        ? { inputTokens: estimateTokens(req.input.join('')), outputTokens: 0, estimated: true }
        : res.usage;
      run.recorder.usage(usage);
      const encoded = dialect.encode({ ...res, usage }, res.model || entity.model, req);
      log?.response(encoded);
      run.recorder.finish(200);
      return c.json(encoded, 200, run.headers());
    });
  });
}
