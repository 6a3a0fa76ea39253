import type { Context } from 'hono';
import type { ChatCall, ChatDialect } from '../dialects/types';
import type { AppEnv } from '../env';
import type { ChatRequest, ChatResponse, StreamEvent, Usage } from '../formats/canonical';
import { parseJsonData } from '../formats/sse';
import { providerFor } from '../providers';
import type { ProviderCall } from '../providers/types';
import { badRequest, GatewayError } from './errors';
import { guardrailsFor } from './guardrails';
import { runAgainstEndpoint, type EndpointRun } from './run';
import type { InferenceLog } from './inference-log';
import {
  passthroughStream,
  translateStream,
  type StreamHooks,
  type StreamTap,
} from './stream-pipeline';
import { estimateTokens, estimateTokensOfChars } from './usage';
import type { JsonObject } from '../formats/json';

// The chat pipeline for every chat dialect: endpoint → the dialect decodes the body into a ChatCall
// → guardrails → provider (or a passthrough when it speaks the caller's format) → the call encodes
// the answer back.

export const SSE_HEADERS = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-cache',
};

export async function handleChat(
  c: Context<AppEnv>,
  dialect: ChatDialect,
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
      const task = dialect.task ?? 'llm/v1/chat';
      if (run.live.record.task !== task) {
        throw badRequest(
          `Endpoint '${endpointName}' serves ${run.live.record.task}, not ${task.slice('llm/v1/'.length)}.`,
          'model',
        );
      }
      const call = dialect.decode(body, { endpointName, headers: c.req.raw.headers });
      const req = call.request;
      run.recorder.streaming(req.stream);
      const guard = guardrailsFor(
        c.env,
        run.live.record.ai_gateway,
        run.recorder,
        c.req.raw.signal,
      );
      await guard?.checkInput(req);
      // Only the provider call is retried on another entity; what comes back is checked once.
      const answer = await run.withFallback(async (entity, upstream) => {
        const provider = providerFor(entity.provider);
        // Guardrails read bodies, so with any of them on nothing is passed through untranslated.
        if (
          !guard &&
          call.passthrough &&
          provider.forward &&
          provider.wireFormat(entity) === dialect.wireFormat &&
          provider.forwards?.(entity, dialect.nativeOperation)
        ) {
          return passthrough(run, dialect, call, upstream, body as JsonObject, log);
        }
        const headers = { ...run.headers(), ...call.translate?.() };
        return { entity, upstream, headers, result: await provider.chat(upstream, req) };
      }, call.preferredEntity);
      if (answer instanceof Response) return answer;
      const { entity, upstream, headers, result } = answer;
      if (result.kind === 'response') {
        run.recorder.markFirstByte();
        run.recorder.usage(
          withEstimate(result.response.usage, req, outputText(result.response.content).length),
        );
        await guard?.checkOutput(result.response);
        const model = result.response.model || entity.model;
        const encoded = call.encodeResponse(result.response, model) as object;
        log?.response(encoded);
        run.recorder.finish(200);
        return c.json(encoded, 200, headers);
      }
      const usage = usageTap(req);
      const outputGuard = guard?.outputTap();
      // The inference log sees what the caller sees: after the output guardrails.
      const taps: StreamTap[] = [
        usage,
        ...(outputGuard ? [outputGuard] : []),
        ...(log
          ? [log.streamTap((res) => encodeForLog(call, res, entity.model), entity.model)]
          : []),
      ];
      const stream = translateStream(
        result.body,
        result.decoder,
        taps,
        call.streamEncoder(entity.model),
        streamHooks(run, upstream, usage.total),
      );
      return new Response(stream, {
        status: 200,
        headers: { ...streamHeaders(dialect), ...headers },
      });
    },
    body,
  );
}

/** A streamed answer's headers: SSE unless the dialect streams something else. */
const streamHeaders = (dialect: ChatDialect) =>
  dialect.streamContentType
    ? { ...SSE_HEADERS, 'content-type': dialect.streamContentType }
    : SSE_HEADERS;

/** A stream's usage row: written when it ends or when the client goes away (with the tokens so far). */
function streamHooks(run: EndpointRun, upstream: ProviderCall, usage: () => Usage): StreamHooks {
  return {
    firstByte: () => run.recorder.markFirstByte(),
    done: (error) => {
      run.recorder.usage(usage());
      run.recorder.finish(error?.status ?? 200, error?.message);
    },
    cancelled: () => {
      run.recorder.usage(usage());
      run.recorder.finish(499, 'client closed the stream');
    },
    clientGone: upstream.signal,
    waitUntil: (work) => run.recorder.waitUntil(work),
  };
}

const encodeForLog = (call: ChatCall, res: ChatResponse, model: string) =>
  call.encodeForLog ? call.encodeForLog(res, model) : call.encodeResponse(res, model);

/** Usage from the provider, or an estimate (from the answer's length) flagged as such when it sent none. */
function withEstimate(usage: Usage, req: ChatRequest, outputChars: number): Usage {
  if (!usage.estimated && (usage.inputTokens || usage.outputTokens)) return usage;
  return {
    inputTokens: estimateTokens(JSON.stringify(req.messages)),
    outputTokens: estimateTokensOfChars(outputChars),
    estimated: true,
  };
}

/** The text a response's tokens were spent on: answer, reasoning and tool arguments. */
function outputText(content: ChatResponse['content']): string {
  return content
    .map((part) => (part.type === 'tool_call' ? part.name + part.arguments : part.text))
    .join('');
}

/** Watches canonical events go by to know the usage at the end (or at an abort). */
function usageTap(req: ChatRequest): StreamTap & { total(): Usage } {
  let usage: Usage | undefined;
  // Counted, not kept: a long stream must not hold its whole text.
  let outputChars = 0;
  return {
    observe(event: StreamEvent) {
      if (event.type === 'usage') usage = event.usage;
      else if (event.type === 'text') outputChars += event.text.length;
      else if (event.type === 'tool_call_delta') outputChars += event.arguments.length;
      else if (event.type === 'reasoning' && event.text) outputChars += event.text.length;
    },
    total: () =>
      usage ?? withEstimate({ inputTokens: 0, outputTokens: 0, estimated: true }, req, outputChars),
  };
}

async function passthrough(
  run: EndpointRun,
  dialect: ChatDialect,
  call: ChatCall,
  upstream: ProviderCall,
  body: JsonObject,
  log?: InferenceLog,
): Promise<Response> {
  const codec = call.passthrough!;
  const req = call.request;
  const prepared = codec.prepare(body);
  const answer = await providerFor(upstream.entity.provider).forward!(
    upstream,
    dialect.nativeOperation,
    prepared.body,
    req.extra.headers,
  );
  const watch = call.watchPassthrough?.(upstream.entity.name);
  if (!prepared.stream) {
    const text = await answer.text();
    run.recorder.markFirstByte();
    const json = parseJsonData(text);
    if (json === null)
      throw new GatewayError({
        status: 502,
        message: 'The provider answered with a body that is not JSON.',
        code: 'upstream_invalid_response',
      });
    run.recorder.usage(
      withEstimate(
        codec.usageFromJson(json) ?? { inputTokens: 0, outputTokens: 0, estimated: true },
        req,
        text.length,
      ),
    );
    log?.response(json);
    watch?.json(json);
    run.recorder.finish(200);
    return new Response(text, {
      status: 200,
      headers: { 'content-type': 'application/json', ...run.headers() },
    });
  }
  let usage: Partial<Usage> = {};
  let streamBytes = 0;
  const total = (): Usage =>
    usage.inputTokens !== undefined || usage.outputTokens !== undefined
      ? { inputTokens: 0, outputTokens: 0, ...usage }
      : {
          inputTokens: estimateTokens(JSON.stringify(req.messages)),
          outputTokens: Math.ceil(streamBytes / 16),
          estimated: true,
        };
  const model = upstream.entity.model;
  const logMessage = log?.streamMessages(
    codec.streamDecoder?.(),
    (res) => encodeForLog(call, res, model),
    model,
  );
  const stream = passthroughStream(
    answer.body!,
    {
      message(message) {
        logMessage?.(message);
        watch?.message(message);
        const found = codec.usageFromMessage(message);
        if (found) usage = { ...usage, ...found };
        // Seen before the caller gets the frame, so a cancel right after it still leaves a 200 row.
        if (codec.isFinalMessage?.(message)) {
          run.recorder.usage(total());
          run.recorder.finish(200);
        }
      },
      // The log and the watch read every message; usage alone needs only a few.
      needles: logMessage || watch ? undefined : codec.sideNeedles,
      bytes: (count) => {
        streamBytes += count;
      },
    },
    watch
      ? endingWith(streamHooks(run, upstream, total), watch.end)
      : streamHooks(run, upstream, total),
    codec.errorFrame,
    prepared.hideUsageFrames ? codec.isUsageOnlyFrame : undefined,
  );
  return new Response(stream, { status: 200, headers: { ...SSE_HEADERS, ...run.headers() } });
}

/** The same hooks, with `end` run once the stream is over, however it ended. */
function endingWith(hooks: StreamHooks, end: () => void): StreamHooks {
  return {
    ...hooks,
    done: (error) => {
      hooks.done?.(error);
      end();
    },
    cancelled: () => {
      hooks.cancelled?.();
      end();
    },
  };
}
