import type { Context } from 'hono';
import type { AppEnv } from '../env';
import { decodeOpenAIUsage, encodeOpenAIError } from '../formats/openai-chat';
import { expectObject } from '../formats/invalid-request';
import { parseJsonData, sseFrame } from '../formats/sse';
import { providerFor } from '../providers';
import { SSE_HEADERS } from './chat';
import { badRequest, GatewayError } from './errors';
import { runAgainstEndpoint } from './run';
import { passthroughStream } from './stream-pipeline';
import { estimateTokens } from './usage';

// Legacy completions, forwarded to providers that serve them in the OpenAI format.

export async function handleCompletions(c: Context<AppEnv>, endpointName: string, raw: unknown): Promise<Response> {
  // `return await`: a rejection must get its handler at once, or workerd reports it as unhandled.
  return await runAgainstEndpoint(c, 'completions', endpointName, async (run) => {
    if (run.live.record.task !== 'llm/v1/completions') {
      throw badRequest(`Endpoint '${endpointName}' serves ${run.live.record.task}, not completions.`, 'model');
    }
    const body = expectObject(raw, 'body');
    if (body.prompt === undefined) throw badRequest('prompt is required', 'prompt');
    const stream = body.stream === true;
    run.recorder.row.streaming = stream;
    return run.withFallback(async (entity, call) => {
      const provider = providerFor(entity.provider);
      if (!provider.forward || !provider.forwards?.(entity, 'completions')) {
        throw new GatewayError(400, `Provider ${entity.provider} does not serve legacy completions.`, 'unsupported_operation');
      }
      const askedUsage = (body.stream_options as any)?.include_usage === true;
      const upstream = await provider.forward(call, 'completions', stream ? { ...body, stream_options: { include_usage: true } } : body);
      const promptTokens = estimateTokens(JSON.stringify(body.prompt));
      if (!stream) {
        const json = await upstream.json<any>();
        run.recorder.markFirstByte();
        run.recorder.usage(decodeOpenAIUsage(json.usage) ?? { inputTokens: promptTokens, outputTokens: estimateTokens(JSON.stringify(json.choices ?? '')), estimated: true });
        run.recorder.finish(200);
        return c.json(json, 200, run.headers());
      }
      const out = passthroughStream(
        upstream.body!,
        (m) => {
          const usage = m.data.includes('"usage":{') ? decodeOpenAIUsage(parseJsonData(m.data)?.usage) : undefined;
          if (usage) run.recorder.usage(usage);
        },
        {
          firstByte: () => run.recorder.markFirstByte(),
          done: (error) => run.recorder.finish(error?.status ?? 200, error?.message),
          cancelled: () => run.recorder.finish(499, 'client closed the stream'),
          clientGone: call.signal,
        },
        (error) => sseFrame(encodeOpenAIError(error)),
        askedUsage ? undefined : (frame) => frame.includes('"choices":[]') && frame.includes('"usage":{'),
      );
      return new Response(out, { headers: { ...SSE_HEADERS, ...run.headers() } });
    });
  });
}
