import type { ChatRequest, FinishReason, StreamEvent, Usage } from '../canonical';
import { nowSeconds, randomId } from '../ids';
import { parseJsonData, parseSse, sseFrame } from '../sse';
import { decodeOpenAIFinishReason } from './finish-reason';
import { decodeOpenAIUsage, encodeOpenAIUsage } from './usage';

// OpenAI chat.completion.chunk SSE ↔ canonical stream events.

/** Upstream OpenAI SSE bytes → canonical events. */
export function decodeChatStream(body: ReadableStream<Uint8Array>): ReadableStream<StreamEvent> {
  let started = false;
  const callIds = new Map<number, string>();
  return parseSse(body).pipeThrough(
    new TransformStream({
      transform(message, controller) {
        const chunk = parseJsonData(message.data);
        if (!chunk) return;
        if (chunk.error) {
          controller.enqueue({ type: 'error', error: { status: Number(chunk.error.code) || 502, message: String(chunk.error.message ?? 'upstream error'), code: chunk.error.type } });
          return;
        }
        // Azure sends a first chunk with only prompt_filter_results; skip until a real one.
        if (!started && (chunk.choices?.length || chunk.usage)) {
          started = true;
          controller.enqueue({ type: 'start', id: chunk.id ?? randomId('chatcmpl-'), model: chunk.model ?? '', created: chunk.created ?? nowSeconds() });
        }
        const choice = chunk.choices?.[0];
        const delta = choice?.delta;
        if (delta) {
          const reasoning = delta.reasoning_content ?? delta.reasoning;
          if (typeof reasoning === 'string' && reasoning) controller.enqueue({ type: 'reasoning', text: reasoning });
          for (const b of delta.thinking_blocks ?? []) {
            if (b?.signature) controller.enqueue({ type: 'reasoning', signature: b.signature });
            if (b?.type === 'redacted_thinking') controller.enqueue({ type: 'reasoning', redacted: b.data });
          }
          if (typeof delta.content === 'string' && delta.content) controller.enqueue({ type: 'text', text: delta.content });
          for (const call of delta.tool_calls ?? []) {
            const index = call.index ?? 0;
            if (call.id && !callIds.has(index)) {
              callIds.set(index, call.id);
              controller.enqueue({ type: 'tool_call_start', index, id: call.id, name: call.function?.name ?? '' });
            }
            const args = call.function?.arguments;
            if (typeof args === 'string' && args) controller.enqueue({ type: 'tool_call_delta', index, arguments: args });
          }
        }
        if (choice?.finish_reason) controller.enqueue({ type: 'finish', reason: decodeOpenAIFinishReason(choice.finish_reason) });
        const usage = decodeOpenAIUsage(chunk.usage);
        if (usage) controller.enqueue({ type: 'usage', usage });
      },
    }),
  );
}

/** Canonical events → OpenAI chat SSE text, for a caller on the OpenAI chat dialect. */
export function encodeChatStream(req: ChatRequest, model: string): TransformStream<StreamEvent, string> {
  let id = randomId('chatcmpl-');
  let created = nowSeconds();
  let started = false;
  let usage: Usage | undefined;
  let finish: FinishReason | undefined;
  let failed = false;
  const toolIndex = new Map<number, number>();
  let reasoningText = '';

  const chunk = (delta: Record<string, unknown>, finishReason: FinishReason | null = null) =>
    sseFrame({
      id,
      object: 'chat.completion.chunk',
      created,
      model,
      choices: [{ index: 0, delta, finish_reason: finishReason, logprobs: null }],
      ...(req.includeUsage ? { usage: null } : {}),
    });

  return new TransformStream({
    transform(event, controller) {
      if (failed) return;
      if (!started && event.type !== 'error') {
        started = true;
        if (event.type === 'start') {
          id = event.id.startsWith('chatcmpl') ? event.id : `chatcmpl-${event.id}`;
          created = event.created;
        }
        controller.enqueue(chunk({ role: 'assistant', content: '' }));
      }
      switch (event.type) {
        case 'text':
          controller.enqueue(chunk({ content: event.text }));
          break;
        case 'reasoning':
          if (event.text) {
            reasoningText += event.text;
            controller.enqueue(chunk({ reasoning_content: event.text }));
          }
          if (event.signature) {
            controller.enqueue(chunk({ thinking_blocks: [{ type: 'thinking', thinking: reasoningText, signature: event.signature }] }));
            reasoningText = '';
          }
          if (event.redacted !== undefined) controller.enqueue(chunk({ thinking_blocks: [{ type: 'redacted_thinking', data: event.redacted }] }));
          break;
        case 'tool_call_start': {
          const index = toolIndex.size;
          toolIndex.set(event.index, index);
          controller.enqueue(chunk({ tool_calls: [{ index, id: event.id, type: 'function', function: { name: event.name, arguments: '' } }] }));
          break;
        }
        case 'tool_call_delta':
          controller.enqueue(chunk({ tool_calls: [{ index: toolIndex.get(event.index) ?? 0, function: { arguments: event.arguments } }] }));
          break;
        case 'finish':
          finish = event.reason;
          controller.enqueue(chunk({}, event.reason));
          break;
        case 'usage':
          usage = event.usage;
          break;
        case 'error':
          failed = true;
          controller.enqueue(sseFrame({ error: { message: event.error.message, type: openAIErrorType(event.error.status), code: event.error.code ?? null } }));
          break;
      }
    },
    flush(controller) {
      if (failed) return;
      if (!finish) controller.enqueue(chunk({}, 'stop'));
      if (req.includeUsage && usage) {
        controller.enqueue(sseFrame({ id, object: 'chat.completion.chunk', created, model, choices: [], usage: encodeOpenAIUsage(usage) }));
      }
      controller.enqueue('data: [DONE]\n\n');
    },
  });
}

export function openAIErrorType(status: number): string {
  if (status === 401) return 'authentication_error';
  if (status === 403) return 'permission_error';
  if (status === 404) return 'not_found_error';
  if (status === 429) return 'rate_limit_error';
  if (status >= 500) return 'api_error';
  return 'invalid_request_error';
}
