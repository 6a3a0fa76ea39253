import type { ChatRequest, FinishReason, StreamEvent, Usage } from '../canonical';
import { randomId } from '../ids';
import { sseFrame } from '../sse';
import { anthropicErrorType } from './errors';
import { encodeStopReason } from './stop-reason';
import { anthropicToolId } from './turns';
import { encodeAnthropicUsage } from './usage';

// Canonical stream events → Anthropic SSE for a caller on the Messages dialect: message_start,
// one content block at a time (start / deltas / stop), message_delta with the stop reason and
// final usage, message_stop. Blocks open and close as the kind of output changes.

export interface EncodeMessagesStreamOptions {
  /**
   * Input tokens to announce in message_start when the provider reports usage only at the end
   * (some clients read input tokens from message_start alone); the final count follows in message_delta.
   */
  estimatedInputTokens?: number;
}

type OpenBlock = { kind: 'text' | 'thinking' | 'tool'; index: number };

export function encodeMessagesStream(_req: ChatRequest, model: string, options: EncodeMessagesStreamOptions = {}): TransformStream<StreamEvent, string> {
  let started = false;
  let failed = false;
  let open: OpenBlock | null = null;
  let nextIndex = 0;
  const toolBlocks = new Map<number, number>();
  let finish: { reason: FinishReason; stopSequence?: string } | undefined;
  let startUsage: Partial<Usage> = {};
  let usage: Usage | undefined;

  return new TransformStream({
    transform(event, controller) {
      if (failed) return;
      const send = (type: string, data: Record<string, unknown>) => controller.enqueue(sseFrame({ type, ...data }, type));
      const closeBlock = () => {
        if (open) send('content_block_stop', { index: open.index });
        open = null;
      };
      const openBlock = (kind: OpenBlock['kind'], block: Record<string, unknown>) => {
        closeBlock();
        open = { kind, index: nextIndex++ };
        send('content_block_start', { index: open.index, content_block: block });
        return open.index;
      };
      if (!started && event.type !== 'error') {
        started = true;
        const id = event.type === 'start' ? event.id : randomId('msg_');
        startUsage = event.type === 'start' && event.usage?.inputTokens !== undefined ? event.usage : { inputTokens: options.estimatedInputTokens ?? 0 };
        send('message_start', {
          message: {
            id: id.startsWith('msg_') ? id : `msg_${id}`,
            type: 'message',
            role: 'assistant',
            model,
            content: [],
            stop_reason: null,
            stop_sequence: null,
            usage: encodeAnthropicUsage(startUsage),
          },
        });
        send('ping', {});
      }
      switch (event.type) {
        case 'text': {
          const index = open?.kind === 'text' ? open.index : openBlock('text', { type: 'text', text: '' });
          send('content_block_delta', { index, delta: { type: 'text_delta', text: event.text } });
          break;
        }
        case 'reasoning': {
          if (event.redacted !== undefined) {
            const index = openBlock('thinking', { type: 'redacted_thinking', data: event.redacted });
            send('content_block_stop', { index });
            open = null;
          }
          if (!event.text && !event.signature) break;
          const index = open?.kind === 'thinking' ? open.index : openBlock('thinking', { type: 'thinking', thinking: '', signature: '' });
          if (event.text) send('content_block_delta', { index, delta: { type: 'thinking_delta', thinking: event.text } });
          if (event.signature) {
            // The signature ends its thinking block; more reasoning opens a new one.
            send('content_block_delta', { index, delta: { type: 'signature_delta', signature: event.signature } });
            closeBlock();
          }
          break;
        }
        case 'tool_call_start':
          toolBlocks.set(event.index, openBlock('tool', { type: 'tool_use', id: anthropicToolId(event.id), name: event.name, input: {} }));
          break;
        case 'tool_call_delta': {
          const index = toolBlocks.get(event.index);
          if (index !== undefined) send('content_block_delta', { index, delta: { type: 'input_json_delta', partial_json: event.arguments } });
          break;
        }
        case 'finish':
          finish = { reason: event.reason, ...(event.stopSequence ? { stopSequence: event.stopSequence } : {}) };
          break;
        case 'usage':
          usage = event.usage;
          break;
        case 'error':
          failed = true;
          send('error', { error: { type: anthropicErrorType(event.error.status), message: event.error.message } });
          break;
      }
    },
    flush(controller) {
      if (failed) return;
      const send = (type: string, data: Record<string, unknown>) => controller.enqueue(sseFrame({ type, ...data }, type));
      if (!started) {
        // An upstream that sent nothing at all still gets a well-formed (empty) message.
        send('message_start', { message: { id: randomId('msg_'), type: 'message', role: 'assistant', model, content: [], stop_reason: null, stop_sequence: null, usage: encodeAnthropicUsage({ inputTokens: options.estimatedInputTokens ?? 0 }) } });
      }
      if (open) send('content_block_stop', { index: (open as OpenBlock).index });
      const reason = finish?.reason ?? (toolBlocks.size ? 'tool_calls' : 'stop');
      send('message_delta', {
        delta: { stop_reason: encodeStopReason(reason, finish?.stopSequence), stop_sequence: finish?.stopSequence ?? null },
        usage: encodeAnthropicUsage(usage ?? { ...startUsage, outputTokens: 0 }),
      });
      send('message_stop', {});
    },
  });
}
