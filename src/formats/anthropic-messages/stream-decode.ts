import type { StreamEvent, Usage } from '../canonical';
import { nowSeconds, randomId } from '../ids';
import { parseJsonData } from '../sse';
import { sseDecoder, type StreamDecoder } from '../stream-codec';
import { decodeAnthropicStreamError } from './errors';
import { decodeStopReason } from './stop-reason';
import { decodeAnthropicUsagePartial } from './usage';
import type { UpstreamBlock, UpstreamDelta, UpstreamStreamEvent } from './wire';

// Upstream Anthropic SSE (message_start … message_stop) → canonical stream events, event by event.

export function anthropicStreamDecoder(): StreamDecoder {
  let usage: Partial<Usage> = {};
  let started = false;
  return sseDecoder((message) => {
    // ping frames carry nothing; skip them before parsing.
    if (message.event === 'ping') return;
    const data: UpstreamStreamEvent | null = parseJsonData(message.data);
    if (!data) return;
    switch (data.type ?? message.event) {
      case 'message_start': {
        const m = data.message ?? {};
        usage = { ...decodeAnthropicUsagePartial(m.usage) };
        started = true;
        return {
          type: 'start',
          id: m.id ?? randomId('msg_'),
          model: m.model ?? '',
          created: nowSeconds(),
          usage: { ...usage },
        };
      }
      case 'content_block_start':
        return blockStart(data.index ?? 0, data.content_block ?? {});
      case 'content_block_delta':
        return blockDelta(data.index ?? 0, data.delta ?? {});
      case 'message_delta': {
        if (!started) return;
        // message_delta usage is cumulative and may repeat input counts: merge over message_start's.
        usage = { ...usage, ...decodeAnthropicUsagePartial(data.usage) };
        const events: StreamEvent[] = [];
        if (data.delta?.stop_reason) {
          const stopSequence =
            typeof data.delta.stop_sequence === 'string' ? data.delta.stop_sequence : undefined;
          events.push({
            type: 'finish',
            ...decodeStopReason(data.delta.stop_reason),
            ...(stopSequence ? { stopSequence } : {}),
          });
        }
        events.push({ type: 'usage', usage: { inputTokens: 0, outputTokens: 0, ...usage } });
        return events;
      }
      case 'error':
        return { type: 'error', error: decodeAnthropicStreamError(data.error ?? data) };
      // content_block_stop and message_stop carry nothing the canonical events need.
    }
  });
}

function blockStart(index: number, block: UpstreamBlock): StreamEvent[] {
  switch (block.type) {
    case 'text':
      return block.text ? [{ type: 'text', text: block.text }] : [];
    case 'thinking': {
      const events: StreamEvent[] = [];
      if (block.thinking) events.push({ type: 'reasoning', text: block.thinking });
      if (block.signature) events.push({ type: 'reasoning', signature: block.signature });
      return events;
    }
    case 'redacted_thinking':
      return [{ type: 'reasoning', redacted: String(block.data ?? '') }];
    case 'tool_use': {
      const events: StreamEvent[] = [
        { type: 'tool_call_start', index, id: String(block.id), name: String(block.name ?? '') },
      ];
      // The input normally streams as input_json_delta; a non-empty start input is sent whole.
      if (block.input && typeof block.input === 'object' && Object.keys(block.input).length) {
        events.push({ type: 'tool_call_delta', index, arguments: JSON.stringify(block.input) });
      }
      return events;
    }
    default:
      return [];
  }
}

function blockDelta(index: number, delta: UpstreamDelta): StreamEvent | undefined {
  switch (delta.type) {
    case 'text_delta':
      return delta.text ? { type: 'text', text: delta.text } : undefined;
    case 'thinking_delta':
      return delta.thinking ? { type: 'reasoning', text: delta.thinking } : undefined;
    case 'signature_delta':
      return delta.signature ? { type: 'reasoning', signature: delta.signature } : undefined;
    case 'input_json_delta':
      return delta.partial_json
        ? { type: 'tool_call_delta', index, arguments: delta.partial_json }
        : undefined;
    default:
      return undefined;
  }
}
