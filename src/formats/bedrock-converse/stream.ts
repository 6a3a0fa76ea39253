import type { StreamEvent } from '../canonical';
import { nowSeconds, randomId } from '../ids';
import type { StreamDecoder } from '../stream-codec';
import { bedrockExceptionStatus } from './errors';
import { EventStreamSplitter, type EventStreamMessage } from './event-stream';
import { decodeBedrockStopReason } from './stop-reason';
import { decodeBedrockUsage } from './usage';
import type { UpstreamStreamPayload } from './wire';

// ConverseStream's binary event stream → canonical events, message by message (PROTOCOLS §5.2).
// `exception` and `error` messages become a canonical error event in the caller's dialect.

export function converseStreamDecoder(model: string, requestId?: string): StreamDecoder {
  const splitter = new EventStreamSplitter();
  const text = new TextDecoder();
  let started = false;

  const start = (): StreamEvent[] => {
    if (started) return [];
    started = true;
    return [{ type: 'start', id: requestId ?? randomId('msg_'), model, created: nowSeconds() }];
  };

  const decode = (message: EventStreamMessage): StreamEvent[] => {
    const kind = message.headers.get(':message-type');
    let payload: UpstreamStreamPayload;
    try {
      payload = message.body.length ? JSON.parse(text.decode(message.body)) : {};
    } catch {
      throw new Error('an event stream message carried a payload that is not JSON');
    }
    if (kind === 'exception') {
      const type = message.headers.get(':exception-type');
      return [
        {
          type: 'error',
          error: {
            status: bedrockExceptionStatus(type),
            message: String(
              payload.message ?? payload.Message ?? type ?? 'Bedrock stream exception',
            ),
            code: type,
          },
        },
      ];
    }
    if (kind === 'error') {
      const code = message.headers.get(':error-code');
      return [
        {
          type: 'error',
          error: {
            status: 502,
            message: message.headers.get(':error-message') ?? code ?? 'Bedrock stream error',
            code,
          },
        },
      ];
    }
    switch (message.headers.get(':event-type')) {
      case 'messageStart':
        return start();
      case 'contentBlockStart': {
        const tool = payload.start?.toolUse;
        if (!tool) return start();
        return [
          ...start(),
          {
            type: 'tool_call_start',
            index: payload.contentBlockIndex ?? 0,
            id: String(tool.toolUseId),
            name: String(tool.name),
          },
        ];
      }
      case 'contentBlockDelta':
        return started ? deltaEvents(payload) : [...start(), ...deltaEvents(payload)];
      case 'messageStop':
        return [...start(), { type: 'finish', ...decodeBedrockStopReason(payload.stopReason) }];
      case 'metadata': {
        const usage = decodeBedrockUsage(payload.usage);
        return usage ? [{ type: 'usage', usage }] : [];
      }
      default:
        // contentBlockStop, and event types added later
        return [];
    }
  };

  return {
    push(chunk) {
      const events: StreamEvent[] = [];
      for (const message of splitter.push(chunk)) events.push(...decode(message));
      return events;
    },
    end() {
      if (splitter.pending)
        throw new Error(`the event stream ended inside a frame (${splitter.pending} bytes left)`);
      return [];
    },
  };
}

function deltaEvents(payload: UpstreamStreamPayload): StreamEvent[] {
  const delta = payload.delta ?? {};
  const index = payload.contentBlockIndex ?? 0;
  if (typeof delta.text === 'string') return delta.text ? [{ type: 'text', text: delta.text }] : [];
  if (delta.toolUse)
    return typeof delta.toolUse.input === 'string' && delta.toolUse.input
      ? [{ type: 'tool_call_delta', index, arguments: delta.toolUse.input }]
      : [];
  const reasoning = delta.reasoningContent;
  if (reasoning) {
    if (typeof reasoning.text === 'string') return [{ type: 'reasoning', text: reasoning.text }];
    if (typeof reasoning.signature === 'string')
      return [{ type: 'reasoning', signature: reasoning.signature }];
    if (reasoning.redactedContent !== undefined)
      return [{ type: 'reasoning', redacted: String(reasoning.redactedContent) }];
  }
  return [];
}
