import type { StreamEvent, Usage } from '../canonical';
import { nowSeconds, randomId } from '../ids';
import { parseJsonData, parseSse } from '../sse';
import { decodeAnthropicStreamError } from './errors';
import { decodeStopReason } from './stop-reason';
import { decodeAnthropicUsagePartial } from './usage';

// Upstream Anthropic SSE (message_start … message_stop) → canonical stream events, event by event.

export function decodeMessagesStream(body: ReadableStream<Uint8Array>): ReadableStream<StreamEvent> {
  let usage: Partial<Usage> = {};
  let started = false;
  return parseSse(body).pipeThrough(
    new TransformStream({
      transform(message, controller) {
        const data = parseJsonData(message.data);
        if (!data) return;
        const emit = (event: StreamEvent) => controller.enqueue(event);
        switch (data.type ?? message.event) {
          case 'message_start': {
            const m = data.message ?? {};
            usage = { ...decodeAnthropicUsagePartial(m.usage) };
            started = true;
            emit({ type: 'start', id: m.id ?? randomId('msg_'), model: m.model ?? '', created: nowSeconds(), usage: { ...usage } });
            break;
          }
          case 'content_block_start':
            blockStart(data.index ?? 0, data.content_block ?? {}, emit);
            break;
          case 'content_block_delta':
            blockDelta(data.index ?? 0, data.delta ?? {}, emit);
            break;
          case 'message_delta': {
            if (!started) break;
            // message_delta usage is cumulative and may repeat input counts: merge over message_start's.
            usage = { ...usage, ...decodeAnthropicUsagePartial(data.usage) };
            if (data.delta?.stop_reason) {
              const stopSequence = typeof data.delta.stop_sequence === 'string' ? data.delta.stop_sequence : undefined;
              emit({ type: 'finish', reason: decodeStopReason(data.delta.stop_reason), ...(stopSequence ? { stopSequence } : {}) });
            }
            emit({ type: 'usage', usage: { inputTokens: 0, outputTokens: 0, ...usage } });
            break;
          }
          case 'error':
            emit({ type: 'error', error: decodeAnthropicStreamError(data.error ?? data) });
            break;
          // ping, content_block_stop, message_stop carry nothing the canonical events need.
        }
      },
    }),
  );
}

function blockStart(index: number, block: Record<string, any>, emit: (e: StreamEvent) => void): void {
  switch (block.type) {
    case 'text':
      if (block.text) emit({ type: 'text', text: block.text });
      break;
    case 'thinking':
      if (block.thinking) emit({ type: 'reasoning', text: block.thinking });
      if (block.signature) emit({ type: 'reasoning', signature: block.signature });
      break;
    case 'redacted_thinking':
      emit({ type: 'reasoning', redacted: String(block.data ?? '') });
      break;
    case 'tool_use': {
      emit({ type: 'tool_call_start', index, id: String(block.id), name: String(block.name ?? '') });
      // The input normally streams as input_json_delta; a non-empty start input is sent whole.
      if (block.input && typeof block.input === 'object' && Object.keys(block.input).length) {
        emit({ type: 'tool_call_delta', index, arguments: JSON.stringify(block.input) });
      }
      break;
    }
  }
}

function blockDelta(index: number, delta: Record<string, any>, emit: (e: StreamEvent) => void): void {
  switch (delta.type) {
    case 'text_delta':
      if (delta.text) emit({ type: 'text', text: delta.text });
      break;
    case 'thinking_delta':
      if (delta.thinking) emit({ type: 'reasoning', text: delta.thinking });
      break;
    case 'signature_delta':
      if (delta.signature) emit({ type: 'reasoning', signature: delta.signature });
      break;
    case 'input_json_delta':
      if (delta.partial_json) emit({ type: 'tool_call_delta', index, arguments: delta.partial_json });
      break;
  }
}
