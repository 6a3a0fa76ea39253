import type { StreamEvent, Usage } from '../canonical';
import { randomId } from '../ids';
import { parseJsonData } from '../sse';
import { sseDecoder, type StreamDecoder, type StreamEncoder } from '../stream-codec';
import { encodeGeminiError } from './errors';
import { decodeGeminiFinishReason, encodeGeminiFinishReason } from './finish-reason';
import { decodeParts, encodeFunctionCall, REDACTED } from './parts';
import { createdOf, responseCallIds } from './response';
import { decodeGeminiUsage, encodeGeminiUsage } from './usage';
import type { Part, UpstreamResponse } from './wire';

// streamGenerateContent ↔ canonical stream events. Gemini streams are `data: {response}` frames
// with no event names and no [DONE]; a functionCall arrives whole in one chunk; usageMetadata is
// cumulative (last wins); finishReason comes on the last chunk.

/** Upstream Gemini SSE → canonical events. */
export function geminiStreamDecoder(): StreamDecoder {
  const ids = responseCallIds();
  let started = false;
  let calls = 0;
  let finished = false;
  let usage: Usage | undefined;
  let usageSent = false;
  return sseDecoder(
    (message) => {
      const chunk: UpstreamResponse | null = parseJsonData(message.data);
      if (!chunk || typeof chunk !== 'object') return;
      if (chunk.error) {
        const e = chunk.error;
        usageSent = true;
        return {
          type: 'error',
          error: {
            status: Number(e.code) || 502,
            message: String(e.message ?? 'upstream error'),
            code: e.status,
          },
        };
      }
      const events: StreamEvent[] = [];
      const chunkUsage = decodeGeminiUsage(chunk.usageMetadata);
      if (!started) {
        started = true;
        const prompt = chunkUsage?.inputTokens;
        events.push({
          type: 'start',
          id: chunk.responseId ?? randomId('gen-'),
          model: chunk.modelVersion ?? '',
          created: createdOf(chunk),
          ...(prompt ? { usage: { inputTokens: prompt } } : {}),
        });
      }
      const candidate = chunk.candidates?.[0];
      const parts = candidate?.content?.parts;
      for (const p of Array.isArray(parts)
        ? decodeParts(parts, 'candidates[0].content.parts', ids, true)
        : []) {
        if (p.type === 'text' && p.text) events.push({ type: 'text', text: p.text });
        else if (p.type === 'reasoning') {
          events.push({
            type: 'reasoning',
            ...(p.text ? { text: p.text } : {}),
            ...(p.signature ? { signature: p.signature } : {}),
            ...(p.redacted !== undefined ? { redacted: p.redacted } : {}),
          });
        } else if (p.type === 'tool_call') {
          const index = calls++;
          events.push({
            type: 'tool_call_start',
            index,
            id: p.id,
            name: p.name,
            ...(p.signature ? { signature: p.signature } : {}),
          });
          events.push({ type: 'tool_call_delta', index, arguments: p.arguments });
        }
      }
      if (chunkUsage) {
        usage = chunkUsage;
        usageSent = false;
      }
      const blocked = !candidate && chunk.promptFeedback?.blockReason;
      if (!finished && (candidate?.finishReason || blocked)) {
        finished = true;
        events.push({
          type: 'finish',
          ...(blocked
            ? { reason: 'content_filter' }
            : decodeGeminiFinishReason(candidate?.finishReason, calls > 0)),
        });
      }
      if (finished && usage && !usageSent) {
        events.push({ type: 'usage', usage });
        usageSent = true;
      }
      return events;
    },
    () => (usage && !usageSent ? [{ type: 'usage', usage }] : []),
  );
}

export interface GeminiStreamOptions {
  /** `?alt=sse`: SSE frames; otherwise one JSON array written element by element. */
  sse: boolean;
}

/** Canonical events → Gemini stream text, for a caller on the Gemini dialect. */
export function geminiStreamEncoder(model: string, options: GeminiStreamOptions): StreamEncoder {
  let responseId = randomId('gen-');
  let promptTokens: number | undefined;
  let usage: Usage | undefined;
  let finish: Extract<StreamEvent, { type: 'finish' }> | undefined;
  let failed = false;
  let first = true;
  let call: { id: string; name: string; signature?: string; args: string } | undefined;

  const frame = (json: string) => {
    if (options.sse) return `data: ${json}\r\n\r\n`;
    const text = `${first ? '[' : ',\r\n'}${json}`;
    first = false;
    return text;
  };
  // usageMetadata rides on every chunk with what is known so far, like Gemini's own. The fields
  // after `candidates` change only with a start or usage event, so their JSON is kept between
  // chunks: `"usageMetadata":…,"modelVersion":…,"responseId":…}`.
  let tail: string | undefined;
  const tailJson = () =>
    JSON.stringify({
      usageMetadata: encodeGeminiUsage(usage ?? { inputTokens: promptTokens ?? 0 }),
      modelVersion: model,
      responseId,
    }).slice(1);
  const chunk = (parts: Part[], finishReason?: string) => {
    const candidate = JSON.stringify({
      content: { role: 'model', parts },
      ...(finishReason ? { finishReason } : {}),
      index: 0,
    });
    tail ??= tailJson();
    return frame(`{"candidates":[${candidate}],${tail}`);
  };
  // Text chunks are most of a stream: the JSON `chunk` builds around one text part, with the text
  // put in place rather than the candidate built and serialised per chunk.
  const textChunk = (text: string) => {
    tail ??= tailJson();
    return frame(
      `{"candidates":[{"content":{"role":"model","parts":[{"text":${JSON.stringify(text)}}]},"index":0}],${tail}`,
    );
  };
  // A functionCall goes out whole, once its arguments are complete.
  const flushCall = () => {
    if (!call) return '';
    const out = chunk([
      encodeFunctionCall({
        type: 'tool_call',
        id: call.id,
        name: call.name,
        arguments: call.args,
        signature: call.signature,
      }),
    ]);
    call = undefined;
    return out;
  };

  function body(event: StreamEvent): string {
    switch (event.type) {
      case 'start':
        responseId = event.id || responseId;
        promptTokens = event.usage?.inputTokens ?? promptTokens;
        tail = undefined;
        return '';
      case 'text':
        return event.text ? textChunk(event.text) : '';
      case 'reasoning': {
        let out = '';
        if (event.text || event.signature)
          out += chunk([
            {
              text: event.text ?? '',
              thought: true,
              ...(event.signature ? { thoughtSignature: event.signature } : {}),
            },
          ]);
        if (event.redacted !== undefined)
          out += chunk([
            { text: '', thought: true, thoughtSignature: `${REDACTED}${event.redacted}` },
          ]);
        return out;
      }
      case 'tool_call_start':
        call = { id: event.id, name: event.name, signature: event.signature, args: '' };
        return '';
      case 'tool_call_delta':
        if (call) call.args += event.arguments;
        return '';
      case 'finish':
        finish = event;
        return '';
      case 'usage':
        usage = event.usage;
        tail = undefined;
        return '';
      case 'error':
        failed = true;
        return frame(JSON.stringify(encodeGeminiError(event.error)));
    }
  }

  return {
    event(event) {
      if (failed) return '';
      return (event.type === 'tool_call_delta' ? '' : flushCall()) + body(event);
    },
    end() {
      let out = '';
      if (!failed)
        out =
          flushCall() +
          chunk([], encodeGeminiFinishReason(finish?.reason ?? 'stop', finish?.rawReason));
      if (!options.sse) out += first ? '[]' : ']';
      return out;
    },
  };
}
