import type { StreamEvent } from '../canonical';
import { nowSeconds, randomId } from '../ids';
import { parseJsonData } from '../sse';
import { sseDecoder, type StreamDecoder } from '../stream-codec';
import { COHERE_FAILURES, decodeCohereFinishReason } from './finish-reason';
import { decodeCohereUsage } from './usage';
import type { UpstreamStreamEvent } from './wire';

// Cohere v2 chat SSE → canonical events, one upstream event at a time (PROTOCOLS §6.1).
// Events are told apart by the `type` inside each data payload.

export function cohereStreamDecoder(model: string): StreamDecoder {
  let started = false;
  let produced = false;
  return sseDecoder((message) => {
    const event: UpstreamStreamEvent | null = parseJsonData(message.data);
    if (!event || typeof event !== 'object') return;
    const events: StreamEvent[] = [];
    const emit = (e: StreamEvent) => {
      if (!started && e.type !== 'error') {
        started = true;
        events.push({
          type: 'start',
          id: event.id ?? randomId('chat-'),
          model,
          created: nowSeconds(),
        });
      }
      if (e.type === 'text' || e.type === 'tool_call_start') produced = true;
      events.push(e);
    };
    const delta = event.delta?.message;
    switch (event.type) {
      case 'message-start':
        if (!started) {
          started = true;
          events.push({
            type: 'start',
            id: event.id ?? randomId('chat-'),
            model,
            created: nowSeconds(),
          });
        }
        break;
      case 'content-start':
      case 'content-delta': {
        const content = delta?.content;
        if (typeof content?.thinking === 'string' && content.thinking)
          emit({ type: 'reasoning', text: content.thinking });
        if (typeof content?.text === 'string' && content.text)
          emit({ type: 'text', text: content.text });
        break;
      }
      case 'tool-plan-delta':
        // The tool plan is the model's reasoning about which tools to call.
        if (typeof delta?.tool_plan === 'string' && delta.tool_plan)
          emit({ type: 'reasoning', text: delta.tool_plan });
        break;
      case 'tool-call-start': {
        const call = delta?.tool_calls ?? {};
        emit({
          type: 'tool_call_start',
          index: event.index ?? 0,
          id: String(call.id ?? randomId('call_')),
          name: call.function?.name ?? '',
        });
        if (call.function?.arguments)
          emit({
            type: 'tool_call_delta',
            index: event.index ?? 0,
            arguments: call.function.arguments,
          });
        break;
      }
      case 'tool-call-delta': {
        const args = delta?.tool_calls?.function?.arguments;
        if (typeof args === 'string' && args)
          emit({ type: 'tool_call_delta', index: event.index ?? 0, arguments: args });
        break;
      }
      case 'message-end': {
        const end = event.delta ?? {};
        // ERROR / TIMEOUT before any output is a failure; after some output, the answer just ends.
        if (
          end.finish_reason !== undefined &&
          COHERE_FAILURES.has(end.finish_reason) &&
          !produced
        ) {
          emit({
            type: 'error',
            error: {
              status: end.finish_reason === 'TIMEOUT' ? 504 : 502,
              message: String(end.error ?? `Cohere ended the stream with ${end.finish_reason}`),
              code: end.finish_reason,
            },
          });
          break;
        }
        emit({ type: 'finish', ...decodeCohereFinishReason(end.finish_reason) });
        const usage = decodeCohereUsage(end.usage);
        if (usage) emit({ type: 'usage', usage });
        break;
      }
      default:
        // An error object in place of an event (e.g. a mid-stream failure).
        if (!event.type && typeof event.message === 'string')
          emit({ type: 'error', error: { status: 502, message: event.message } });
    }
    return events;
  });
}
