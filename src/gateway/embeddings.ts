import type { Context } from 'hono';
import type { EmbeddingsDialect } from '../dialects/types';
import type { AppEnv } from '../env';
import { providerFor } from '../providers';
import { badRequest, GatewayError } from './errors';
import { runAgainstEndpoint } from './run';
import { estimateTokens } from './usage';

// Embeddings in the caller's dialect (OpenAI, Gemini) against any provider that can embed.

export async function handleEmbeddings(
  c: Context<AppEnv>,
  dialect: EmbeddingsDialect,
  endpointName: string,
  body: unknown,
): Promise<Response> {
  // `return await`: a rejection must get its handler at once, or workerd reports it as unhandled.
  return await runAgainstEndpoint(
    c,
    dialect.apiType,
    endpointName,
    async (run) => {
      const log = run.inference;
      if (run.live.record.task !== 'llm/v1/embeddings') {
        throw badRequest(
          `Endpoint '${endpointName}' serves ${run.live.record.task}, not embeddings.`,
          'model',
        );
      }
      const req = dialect.decode(body, { endpointName, headers: c.req.raw.headers });
      return run.withFallback(async (entity, call) => {
        const provider = providerFor(entity.provider);
        if (!provider.embeddings)
          throw new GatewayError({
            status: 400,
            message: `Provider ${entity.provider} does not serve embeddings.`,
            code: 'unsupported_operation',
          });
        const res = await provider.embeddings(call, req);
        run.recorder.markFirstByte();
        const usage =
          res.usage.estimated || !res.usage.inputTokens
            ? { inputTokens: estimateTokens(req.input.join('')), outputTokens: 0, estimated: true }
            : res.usage;
        run.recorder.usage(usage);
        const encoded = dialect.encode({ ...res, usage }, res.model || entity.model, req);
        log?.response(encoded);
        run.recorder.finish(200);
        return c.json(encoded, 200, run.headers());
      });
    },
    body,
  );
}
