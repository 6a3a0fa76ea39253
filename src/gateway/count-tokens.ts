import type { Context } from 'hono';
import type { CountTokensDialect } from '../dialects/types';
import type { AppEnv } from '../env';
import { parseJsonData } from '../formats/sse';
import { providerFor } from '../providers';
import { badRequest, GatewayError } from './errors';
import { runAgainstEndpoint } from './run';
import { estimateTokens } from './usage';

// Token counting (Anthropic count_tokens, Gemini countTokens): forwarded to a provider that
// counts in the caller's own format, estimated for the others and marked so with a header.

export const TOKEN_COUNT_HEADER = 'x-gateway-token-count';

export async function handleCountTokens(
  c: Context<AppEnv>,
  dialect: CountTokensDialect,
  endpointName: string,
  body: Record<string, unknown>,
): Promise<Response> {
  return await runAgainstEndpoint(c, dialect.apiType, endpointName, async (run) => {
    if (run.live.record.task !== 'llm/v1/chat')
      throw badRequest(
        `Endpoint '${endpointName}' serves ${run.live.record.task}, not chat.`,
        'model',
      );
    const req = dialect.decode(body, { endpointName, headers: c.req.raw.headers });
    return run.withFallback(async (entity, call) => {
      const provider = providerFor(entity.provider);
      const native = dialect.native;
      let count: number;
      let estimated = false;
      if (
        native &&
        provider.forward &&
        provider.wireFormat(entity) === native.wireFormat &&
        provider.forwards?.(entity, native.op)
      ) {
        const upstream = await provider.forward(call, native.op, body, req.extra.headers);
        const counted = native.read(parseJsonData(await upstream.text()));
        if (typeof counted !== 'number')
          throw new GatewayError({
            status: 502,
            message: 'The provider answered a token count without the count.',
            code: 'upstream_invalid_response',
          });
        count = counted;
      } else {
        estimated = true;
        count = estimateTokens(JSON.stringify(req.messages) + JSON.stringify(req.tools ?? []));
      }
      run.recorder.markFirstByte();
      run.recorder.finish(200);
      return c.json(dialect.encode(count), 200, {
        ...run.headers(),
        [TOKEN_COUNT_HEADER]: estimated ? 'estimated' : 'exact',
      });
    });
  });
}
