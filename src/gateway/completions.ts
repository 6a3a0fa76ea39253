import type { Context } from 'hono';
import type { AppEnv } from '../env';
import { decodeOpenAIUsage } from '../formats/openai-chat';
import { expectObject } from '../formats/invalid-request';
import { parseJsonData, parseSse, sseFrame } from '../formats/sse';
import { providerFor } from '../providers';
import { badRequest, GatewayError } from './errors';
import { runAgainstEndpoint } from './run';
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
      const upstream = await provider.forward(call, 'completions', stream ? { ...body, stream_options: { include_usage: true } } : body);
      const promptChars = JSON.stringify(body.prompt).length;
      if (!stream) {
        const json = await upstream.json<any>();
        run.recorder.markFirstByte();
        run.recorder.usage(decodeOpenAIUsage(json.usage) ?? { inputTokens: Math.ceil(promptChars / 4), outputTokens: estimateTokens(JSON.stringify(json.choices ?? '')), estimated: true });
        run.recorder.finish(200);
        return c.json(json, 200, run.headers());
      }
      const askedUsage = (body.stream_options as any)?.include_usage === true;
      const frames = parseSse(upstream.body!).pipeThrough(
        new TransformStream<{ data: string }, string>({
          transform(message, controller) {
            run.recorder.markFirstByte();
            const data = parseJsonData(message.data);
            const usage = decodeOpenAIUsage(data?.usage);
            if (usage) {
              run.recorder.usage(usage);
              if (!askedUsage && Array.isArray(data.choices) && data.choices.length === 0) return;
            }
            controller.enqueue(sseFrame(message.data));
          },
          flush() {
            run.recorder.finish(200);
          },
        }),
      );
      return new Response(frames.pipeThrough(new TextEncoderStream()), {
        headers: { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', ...run.headers() },
      });
    });
  });
}
