import type { Context } from 'hono';
import type { AppEnv } from '../env';
import type { ChatRequest, StreamEvent, Usage } from '../formats/canonical';
import { parseJsonData, parseSse, sseFrame } from '../formats/sse';
import { providerFor } from '../providers';
import type { ProviderCall } from '../providers/types';
import type { ChatDialect } from './dialect';
import { badRequest, GatewayError } from './errors';
import { runAgainstEndpoint, type EndpointRun } from './run';
import { estimateTokens } from './usage';

// The chat pipeline for every chat dialect: decode → endpoint → provider → encode,
// or a passthrough when the provider speaks the caller's format.

const SSE_HEADERS = { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' };

export async function handleChat(c: Context<AppEnv>, dialect: ChatDialect, endpointName: string, body: unknown): Promise<Response> {
  // `return await`: a rejection must get its handler at once, or workerd reports it as unhandled.
  return await runAgainstEndpoint(c, dialect.apiType, endpointName, async (run) => {
    if (run.live.record.task !== 'llm/v1/chat') {
      throw badRequest(`Endpoint '${endpointName}' serves ${run.live.record.task}, not chat.`, 'model');
    }
    const req = dialect.decode(body);
    run.recorder.row.streaming = req.stream;
    return run.withFallback(async (entity, call) => {
      const provider = providerFor(entity.provider);
      if (dialect.passthrough && provider.forward && provider.wireFormat(entity) === dialect.wireFormat && provider.forwards?.(entity, dialect.nativeOperation)) {
        return passthrough(run, dialect, call, body as Record<string, any>, req);
      }
      const result = await provider.chat(call, req);
      if (result.kind === 'response') {
        run.recorder.usage(withEstimate(result.response.usage, req, JSON.stringify(result.response.content)));
        run.recorder.finish(200);
        const model = result.response.model || entity.model;
        return c.json(dialect.encodeResponse(result.response, req, model) as object, 200, run.headers());
      }
      const stream = result.events
        .pipeThrough(usageTap(run, req))
        .pipeThrough(dialect.encodeStream(req, entity.model))
        .pipeThrough(new TextEncoderStream());
      return new Response(stream, { status: 200, headers: { ...SSE_HEADERS, ...run.headers() } });
    });
  });
}

/** Usage from the provider, or an estimate flagged as such when it sent none. */
function withEstimate(usage: Usage, req: ChatRequest, outputText: string): Usage {
  if (!usage.estimated && (usage.inputTokens || usage.outputTokens)) return usage;
  return { inputTokens: estimateTokens(JSON.stringify(req.messages)), outputTokens: estimateTokens(outputText), estimated: true };
}

/** Watches canonical events go by: first byte, usage, the end (or abort) of the stream. */
function usageTap(run: EndpointRun, req: ChatRequest): TransformStream<StreamEvent, StreamEvent> {
  let usage: Usage | undefined;
  let output = '';
  let error: { status: number; message: string } | undefined;
  const finish = (status: number, message?: string) => {
    run.recorder.usage(usage ?? withEstimate({ inputTokens: 0, outputTokens: 0, estimated: true }, req, output));
    run.recorder.finish(status, message);
  };
  return new TransformStream({
    transform(event, controller) {
      run.recorder.markFirstByte();
      if (event.type === 'usage') usage = event.usage;
      else if (event.type === 'text' || event.type === 'tool_call_delta') output += event.type === 'text' ? event.text : event.arguments;
      else if (event.type === 'reasoning' && event.text) output += event.text;
      else if (event.type === 'error') error = event.error;
      controller.enqueue(event);
    },
    flush() {
      finish(error?.status ?? 200, error?.message);
    },
    cancel() {
      finish(499, 'client closed the stream');
    },
  } as Transformer<StreamEvent, StreamEvent>);
}

async function passthrough(run: EndpointRun, dialect: ChatDialect, call: ProviderCall, body: Record<string, any>, req: ChatRequest): Promise<Response> {
  const codec = dialect.passthrough!;
  const prepared = codec.prepare(body);
  const upstream = await providerFor(call.entity.provider).forward!(call, dialect.nativeOperation, prepared.body);
  if (!prepared.stream) {
    const text = await upstream.text();
    run.recorder.markFirstByte();
    const json = parseJsonData(text);
    if (json === null) throw new GatewayError(502, 'The provider answered with a body that is not JSON.', 'upstream_invalid_response');
    run.recorder.usage(withEstimate(codec.usageFromJson(json) ?? { inputTokens: 0, outputTokens: 0, estimated: true }, req, text));
    run.recorder.finish(200);
    return new Response(text, { status: 200, headers: { 'content-type': 'application/json', ...run.headers() } });
  }
  let usage: Partial<Usage> = {};
  let output = 0;
  const frames = parseSse(upstream.body!).pipeThrough(
    new TransformStream({
      transform(message, controller) {
        run.recorder.markFirstByte();
        output += message.data.length;
        const data = parseJsonData(message.data);
        if (data) {
          const found = codec.usageFromFrame(data, message.event);
          if (found) usage = { ...usage, ...found };
          if (prepared.hideUsageFrames && codec.isUsageOnlyFrame?.(data)) return;
        }
        controller.enqueue(sseFrame(message.data, message.event));
      },
      flush() {
        const known = usage.inputTokens !== undefined || usage.outputTokens !== undefined;
        run.recorder.usage(
          known
            ? { inputTokens: usage.inputTokens ?? 0, outputTokens: usage.outputTokens ?? 0, ...usage }
            : { inputTokens: estimateTokens(JSON.stringify(req.messages)), outputTokens: Math.ceil(output / 16), estimated: true },
        );
        run.recorder.finish(200);
      },
      cancel() {
        run.recorder.finish(499, 'client closed the stream');
      },
    } as Transformer<{ data: string; event?: string }, string>),
  );
  return new Response(frames.pipeThrough(new TextEncoderStream()), { status: 200, headers: { ...SSE_HEADERS, ...run.headers() } });
}
