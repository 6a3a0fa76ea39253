import type { ChatRequest, StreamEvent, Usage } from '../canonical';
import { randomId } from '../ids';
import { sseFrame } from '../sse';
import type { StreamEncoder } from '../stream-codec';
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

type BlockKind = 'text' | 'thinking' | 'tool';

const frame = (type: string, data: Record<string, unknown>) => sseFrame({ type, ...data }, type);

export function anthropicStreamEncoder(
  _req: ChatRequest,
  model: string,
  options: EncodeMessagesStreamOptions = {},
): StreamEncoder {
  let started = false;
  let failed = false;
  let open: { kind: BlockKind; index: number } | null = null;
  let nextIndex = 0;
  const toolBlocks = new Map<number, number>();
  let finish: Extract<StreamEvent, { type: 'finish' }> | undefined;
  let startUsage: Partial<Usage> = { inputTokens: options.estimatedInputTokens ?? 0 };
  let usage: Usage | undefined;

  const messageStart = (id: string) =>
    frame('message_start', {
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
    }) + frame('ping', {});
  const closeBlock = () => {
    const out = open ? frame('content_block_stop', { index: open.index }) : '';
    open = null;
    return out;
  };
  /** Closes the open block and starts a new one; its index is then `open.index`. */
  const openBlock = (kind: BlockKind, block: Record<string, unknown>) => {
    const out = closeBlock();
    open = { kind, index: nextIndex++ };
    return out + frame('content_block_start', { index: open.index, content_block: block });
  };
  const delta = (delta: Record<string, unknown>, index = open!.index) =>
    frame('content_block_delta', { index, delta });

  /** message_start, announced by the first event (a provider's start, or whatever came first). */
  function begin(event: StreamEvent): string {
    started = true;
    if (event.type !== 'start') return messageStart(randomId('msg_'));
    if (event.usage?.inputTokens !== undefined) startUsage = event.usage;
    return messageStart(event.id);
  }

  function body(event: StreamEvent): string {
    switch (event.type) {
      case 'text': {
        const out = open?.kind === 'text' ? '' : openBlock('text', { type: 'text', text: '' });
        // frame('content_block_delta', …) written out: text deltas are most of a stream.
        return `${out}event: content_block_delta\ndata: {"type":"content_block_delta","index":${open!.index},"delta":{"type":"text_delta","text":${JSON.stringify(event.text)}}}\n\n`;
      }
      case 'reasoning': {
        let out = '';
        if (event.redacted !== undefined)
          out +=
            openBlock('thinking', { type: 'redacted_thinking', data: event.redacted }) +
            closeBlock();
        if (!event.text && !event.signature) return out;
        if (open?.kind !== 'thinking')
          out += openBlock('thinking', { type: 'thinking', thinking: '', signature: '' });
        if (event.text) out += delta({ type: 'thinking_delta', thinking: event.text });
        // The signature ends its thinking block; more reasoning opens a new one.
        if (event.signature)
          out += delta({ type: 'signature_delta', signature: event.signature }) + closeBlock();
        return out;
      }
      case 'tool_call_start': {
        const out = openBlock('tool', {
          type: 'tool_use',
          id: anthropicToolId(event.id),
          name: event.name,
          input: {},
        });
        toolBlocks.set(event.index, open!.index);
        return out;
      }
      case 'tool_call_delta': {
        const index = toolBlocks.get(event.index);
        return index === undefined
          ? ''
          : delta({ type: 'input_json_delta', partial_json: event.arguments }, index);
      }
      case 'finish':
        finish = event;
        return '';
      case 'usage':
        usage = event.usage;
        return '';
      case 'error':
        failed = true;
        return frame('error', {
          error: { type: anthropicErrorType(event.error.status), message: event.error.message },
        });
      case 'start':
        return '';
    }
  }

  return {
    event(event) {
      if (failed) return '';
      const preamble = started || event.type === 'error' ? '' : begin(event);
      return preamble + body(event);
    },
    end() {
      if (failed) return '';
      // An upstream that sent nothing at all still gets a well-formed (empty) message.
      let out = started ? '' : messageStart(randomId('msg_'));
      out += closeBlock();
      const reason = finish?.reason ?? (toolBlocks.size ? 'tool_calls' : 'stop');
      const stopSequence = finish?.stopSequence || undefined;
      out += frame('message_delta', {
        delta: {
          stop_reason: encodeStopReason(reason, finish?.rawReason, stopSequence),
          stop_sequence: stopSequence ?? null,
        },
        usage: encodeAnthropicUsage(usage ?? { ...startUsage, outputTokens: 0 }),
      });
      return out + frame('message_stop', {});
    },
  };
}
