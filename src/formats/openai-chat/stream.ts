import type { ChatRequest, StreamEvent, Usage } from '../canonical';
import { nowSeconds, randomId } from '../ids';
import { parseJsonData, sseFrame } from '../sse';
import { sseDecoder, type StreamDecoder, type StreamEncoder } from '../stream-codec';
import { decodeOpenAIFinishReason, encodeOpenAIFinishReason } from './finish-reason';
import { decodeOpenAIUsage, encodeOpenAIUsage } from './usage';
import type { UpstreamChunk } from './wire';

// OpenAI chat.completion.chunk SSE ↔ canonical stream events.

/** Upstream OpenAI SSE → canonical events. */
export function openAIChatStreamDecoder(): StreamDecoder {
  let started = false;
  const callIds = new Map<number, string>();
  return sseDecoder((message) => {
    const chunk: UpstreamChunk | null = parseJsonData(message.data);
    if (!chunk) return;
    const events: StreamEvent[] = [];
    if (chunk.error) {
      const e = chunk.error;
      return {
        type: 'error',
        error: {
          status: Number(e.code) || 502,
          message: String(e.message ?? 'upstream error'),
          code: e.type,
        },
      };
    }
    // Azure sends a first chunk with only prompt_filter_results; start at the first real one.
    if (!started && (chunk.choices?.length || chunk.usage)) {
      started = true;
      events.push({
        type: 'start',
        id: chunk.id ?? randomId('chatcmpl-'),
        model: chunk.model ?? '',
        created: chunk.created ?? nowSeconds(),
      });
    }
    const choice = chunk.choices?.[0];
    const delta = choice?.delta;
    if (delta) {
      const reasoning = delta.reasoning_content ?? delta.reasoning;
      if (typeof reasoning === 'string' && reasoning)
        events.push({ type: 'reasoning', text: reasoning });
      for (const b of delta.thinking_blocks ?? []) {
        if (b?.signature) events.push({ type: 'reasoning', signature: b.signature });
        if (b?.type === 'redacted_thinking') events.push({ type: 'reasoning', redacted: b.data });
      }
      if (typeof delta.content === 'string' && delta.content)
        events.push({ type: 'text', text: delta.content });
      for (const call of delta.tool_calls ?? []) {
        const index = call.index ?? 0;
        if (call.id && !callIds.has(index)) {
          callIds.set(index, call.id);
          events.push({
            type: 'tool_call_start',
            index,
            id: call.id,
            name: call.function?.name ?? '',
          });
        }
        const args = call.function?.arguments;
        if (typeof args === 'string' && args)
          events.push({ type: 'tool_call_delta', index, arguments: args });
      }
    }
    if (choice?.finish_reason)
      events.push({ type: 'finish', ...decodeOpenAIFinishReason(choice.finish_reason) });
    const usage = decodeOpenAIUsage(chunk.usage);
    if (usage) events.push({ type: 'usage', usage });
    return events;
  });
}

/** A placeholder no id or model holds (JSON escapes it as \u0000). */
const TEXT_SLOT = '\u0000';

/** Canonical events → OpenAI chat SSE, for a caller on the OpenAI chat dialect. */
export function openAIChatStreamEncoder(req: ChatRequest, model: string): StreamEncoder {
  let id = randomId('chatcmpl-');
  let created = nowSeconds();
  let started = false;
  let usage: Usage | undefined;
  let finished = false;
  let failed = false;
  const toolIndex = new Map<number, number>();
  let reasoningText = '';

  const chunk = (delta: Record<string, unknown>, finishReason: string | null = null) =>
    sseFrame({
      id,
      object: 'chat.completion.chunk',
      created,
      model,
      choices: [{ index: 0, delta, finish_reason: finishReason, logprobs: null }],
      ...(req.includeUsage ? { usage: null } : {}),
    });

  // Text chunks are most of a stream, and their frame is the same JSON around the text once the
  // first event has settled id and created: that JSON is built once, split where the text goes.
  let textFrame: string[] | undefined;
  const textChunk = (text: string) => {
    textFrame ??= chunk({ content: TEXT_SLOT }).split(JSON.stringify(TEXT_SLOT));
    return textFrame.length === 2
      ? textFrame[0] + JSON.stringify(text) + textFrame[1]
      : chunk({ content: text });
  };

  function body(event: StreamEvent): string {
    switch (event.type) {
      case 'text':
        return textChunk(event.text);
      case 'reasoning': {
        let out = '';
        if (event.text) {
          reasoningText += event.text;
          out += chunk({ reasoning_content: event.text });
        }
        if (event.signature) {
          out += chunk({
            thinking_blocks: [
              { type: 'thinking', thinking: reasoningText, signature: event.signature },
            ],
          });
          reasoningText = '';
        }
        if (event.redacted !== undefined)
          out += chunk({ thinking_blocks: [{ type: 'redacted_thinking', data: event.redacted }] });
        return out;
      }
      case 'tool_call_start': {
        const index = toolIndex.size;
        toolIndex.set(event.index, index);
        return chunk({
          tool_calls: [
            {
              index,
              id: event.id,
              type: 'function',
              function: { name: event.name, arguments: '' },
            },
          ],
        });
      }
      case 'tool_call_delta':
        return chunk({
          tool_calls: [
            { index: toolIndex.get(event.index) ?? 0, function: { arguments: event.arguments } },
          ],
        });
      case 'finish':
        finished = true;
        return chunk({}, encodeOpenAIFinishReason(event.reason, event.rawReason));
      case 'usage':
        usage = event.usage;
        return '';
      case 'error':
        failed = true;
        return sseFrame({
          error: {
            message: event.error.message,
            type: openAIErrorType(event.error.status),
            code: event.error.code ?? null,
          },
        });
      case 'start':
        return '';
    }
  }

  return {
    event(event) {
      if (failed) return '';
      let out = '';
      if (!started && event.type !== 'error') {
        started = true;
        if (event.type === 'start') {
          id = event.id.startsWith('chatcmpl') ? event.id : `chatcmpl-${event.id}`;
          created = event.created;
        }
        out = chunk({ role: 'assistant', content: '' });
      }
      return out + body(event);
    },
    end() {
      if (failed) return '';
      let out = finished ? '' : chunk({}, 'stop');
      if (req.includeUsage && usage)
        out += sseFrame({
          id,
          object: 'chat.completion.chunk',
          created,
          model,
          choices: [],
          usage: encodeOpenAIUsage(usage),
        });
      return `${out}data: [DONE]\n\n`;
    },
  };
}

export function openAIErrorType(status: number): string {
  if (status === 401) return 'authentication_error';
  if (status === 403) return 'permission_error';
  if (status === 404) return 'not_found_error';
  if (status === 429) return 'rate_limit_error';
  if (status >= 500) return 'api_error';
  return 'invalid_request_error';
}
