import type { Context } from 'hono';
import type { AppEnv } from '../env';
import { decodeMessagesRequest } from '../formats/anthropic-messages';
import { parseJsonData } from '../formats/sse';
import { providerFor } from '../providers';
import { badRequest, GatewayError } from './errors';
import { runAgainstEndpoint } from './run';
import { estimateTokens } from './usage';

// Anthropic count_tokens: forwarded to providers that can count (Anthropic itself), estimated
// for the others and marked so with a response header.

export const TOKEN_COUNT_HEADER = 'x-gateway-token-count';

export async function handleCountTokens(c: Context<AppEnv>, endpointName: string, body: Record<string, unknown>, headers: Record<string, string>): Promise<Response> {
  return await runAgainstEndpoint(c, 'anthropic/count_tokens', endpointName, async (run) => {
    if (run.live.record.task !== 'llm/v1/chat') throw badRequest(`Endpoint '${endpointName}' serves ${run.live.record.task}, not chat.`, 'model');
    const req = decodeMessagesRequest(body, { requireMaxTokens: false });
    return run.withFallback(async (entity, call) => {
      const provider = providerFor(entity.provider);
      let inputTokens: number;
      let estimated = false;
      if (provider.forward && provider.wireFormat(entity) === 'anthropic' && provider.forwards?.(entity, 'count_tokens')) {
        const upstream = await provider.forward(call, 'count_tokens', body, headers);
        const json = parseJsonData(await upstream.text());
        if (typeof json?.input_tokens !== 'number') throw new GatewayError(502, 'The provider answered count_tokens without input_tokens.', 'upstream_invalid_response');
        inputTokens = json.input_tokens;
      } else {
        estimated = true;
        inputTokens = estimateTokens(JSON.stringify(req.messages) + JSON.stringify(req.tools ?? []));
      }
      run.recorder.markFirstByte();
      run.recorder.finish(200);
      return c.json({ input_tokens: inputTokens }, 200, { ...run.headers(), [TOKEN_COUNT_HEADER]: estimated ? 'estimated' : 'exact' });
    });
  });
}
