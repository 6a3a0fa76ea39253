import type { FinishReason, StreamEvent, Usage } from '../canonical';
import { randomId } from '../ids';
import { parseJsonData, parseSse } from '../sse';
import { encodeGeminiError } from './errors';
import { decodeGeminiFinishReason, encodeGeminiFinishReason } from './finish-reason';
import { decodeParts, encodeFunctionCall, REDACTED } from './parts';
import { createdOf, responseCallIds } from './response';
import { decodeGeminiUsage, encodeGeminiUsage } from './usage';

// streamGenerateContent ↔ canonical stream events. Gemini streams are `data: {response}` frames
// with no event names and no [DONE]; a functionCall arrives whole in one chunk; usageMetadata is
// cumulative (last wins); finishReason comes on the last chunk.

/** Upstream Gemini SSE bytes → canonical events. */
export function decodeGeminiStream(body: ReadableStream<Uint8Array>): ReadableStream<StreamEvent> {
  const ids = responseCallIds();
  let started = false;
  let calls = 0;
  let finished = false;
  let usage: Usage | undefined;
  let usageSent = false;
  return parseSse(body).pipeThrough(
    new TransformStream<{ data: string }, StreamEvent>({
      transform(message, controller) {
        const chunk = parseJsonData(message.data);
        if (!chunk || typeof chunk !== 'object') return;
        if (chunk.error) {
          const e = chunk.error;
          controller.enqueue({ type: 'error', error: { status: Number(e.code) || 502, message: String(e.message ?? 'upstream error'), code: e.status } });
          usageSent = true;
          return;
        }
        const chunkUsage = decodeGeminiUsage(chunk.usageMetadata);
        if (!started) {
          started = true;
          const prompt = chunkUsage?.inputTokens;
          controller.enqueue({ type: 'start', id: chunk.responseId ?? randomId('gen-'), model: chunk.modelVersion ?? '', created: createdOf(chunk), ...(prompt ? { usage: { inputTokens: prompt } } : {}) });
        }
        const candidate = chunk.candidates?.[0];
        const parts = candidate?.content?.parts;
        for (const p of Array.isArray(parts) ? decodeParts(parts, 'candidates[0].content.parts', ids, true) : []) {
          if (p.type === 'text' && p.text) controller.enqueue({ type: 'text', text: p.text });
          else if (p.type === 'reasoning') {
            controller.enqueue({ type: 'reasoning', ...(p.text ? { text: p.text } : {}), ...(p.signature ? { signature: p.signature } : {}), ...(p.redacted !== undefined ? { redacted: p.redacted } : {}) });
          } else if (p.type === 'tool_call') {
            const index = calls++;
            controller.enqueue({ type: 'tool_call_start', index, id: p.id, name: p.name, ...(p.signature ? { signature: p.signature } : {}) });
            controller.enqueue({ type: 'tool_call_delta', index, arguments: p.arguments });
          }
        }
        if (chunkUsage) {
          usage = chunkUsage;
          usageSent = false;
        }
        const blocked = !candidate && chunk.promptFeedback?.blockReason;
        if (!finished && (candidate?.finishReason || blocked)) {
          finished = true;
          controller.enqueue({ type: 'finish', reason: blocked ? 'content_filter' : decodeGeminiFinishReason(candidate.finishReason, calls > 0) });
        }
        if (finished && usage && !usageSent) {
          controller.enqueue({ type: 'usage', usage });
          usageSent = true;
        }
      },
      flush(controller) {
        if (usage && !usageSent) controller.enqueue({ type: 'usage', usage });
      },
    }),
  );
}

export interface GeminiStreamOptions {
  /** `?alt=sse`: SSE frames; otherwise one JSON array written element by element. */
  sse: boolean;
}

/** Canonical events → Gemini stream text, for a caller on the Gemini dialect. */
export function encodeGeminiStream(model: string, options: GeminiStreamOptions): TransformStream<StreamEvent, string> {
  let responseId = randomId('gen-');
  let promptTokens: number | undefined;
  let usage: Usage | undefined;
  let finish: FinishReason | undefined;
  let failed = false;
  let first = true;
  let call: { id: string; name: string; signature?: string; args: string } | undefined;

  const frame = (data: unknown) => {
    const json = JSON.stringify(data);
    if (options.sse) return `data: ${json}\r\n\r\n`;
    const text = `${first ? '[' : ',\r\n'}${json}`;
    first = false;
    return text;
  };
  // usageMetadata rides on every chunk with what is known so far, like Gemini's own.
  const chunk = (parts: Record<string, unknown>[], finishReason?: string) =>
    frame({
      candidates: [{ content: { role: 'model', parts }, ...(finishReason ? { finishReason } : {}), index: 0 }],
      usageMetadata: encodeGeminiUsage(usage ?? { inputTokens: promptTokens ?? 0 }),
      modelVersion: model,
      responseId,
    });

  return new TransformStream<StreamEvent, string>({
    transform(event, controller) {
      if (failed) return;
      // A functionCall goes out whole, once its arguments are complete.
      if (call && event.type !== 'tool_call_delta') {
        controller.enqueue(chunk([encodeFunctionCall({ type: 'tool_call', id: call.id, name: call.name, arguments: call.args, signature: call.signature })]));
        call = undefined;
      }
      switch (event.type) {
        case 'start':
          responseId = event.id || responseId;
          promptTokens = event.usage?.inputTokens ?? promptTokens;
          break;
        case 'text':
          if (event.text) controller.enqueue(chunk([{ text: event.text }]));
          break;
        case 'reasoning':
          if (event.text || event.signature) {
            controller.enqueue(chunk([{ text: event.text ?? '', thought: true, ...(event.signature ? { thoughtSignature: event.signature } : {}) }]));
          }
          if (event.redacted !== undefined) controller.enqueue(chunk([{ text: '', thought: true, thoughtSignature: `${REDACTED}${event.redacted}` }]));
          break;
        case 'tool_call_start':
          call = { id: event.id, name: event.name, signature: event.signature, args: '' };
          break;
        case 'tool_call_delta':
          if (call) call.args += event.arguments;
          break;
        case 'finish':
          finish = event.reason;
          break;
        case 'usage':
          usage = event.usage;
          break;
        case 'error':
          failed = true;
          controller.enqueue(frame(encodeGeminiError(event.error)));
          break;
      }
    },
    flush(controller) {
      if (call && !failed) controller.enqueue(chunk([encodeFunctionCall({ type: 'tool_call', id: call.id, name: call.name, arguments: call.args, signature: call.signature })]));
      if (!failed) controller.enqueue(chunk([], encodeGeminiFinishReason(finish ?? 'stop')));
      if (!options.sse) controller.enqueue(first ? '[]' : ']');
    },
  });
}

