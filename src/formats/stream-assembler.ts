import type {
  ChatResponse,
  ReasoningPart,
  StreamEvent,
  TextPart,
  ToolCallPart,
  Usage,
} from './canonical';

// Canonical stream events → the one ChatResponse they add up to (for logs of streamed answers).
// Fed event by event as the stream passes; holds only the assembled message, never the events.

export interface StreamAssembler {
  push(event: StreamEvent): void;
  /** The message so far; complete once the stream has ended. */
  response(fallbackModel: string): ChatResponse;
}

export function streamAssembler(): StreamAssembler {
  let id = '';
  let model = '';
  let created = 0;
  let finish: Extract<StreamEvent, { type: 'finish' }> | undefined;
  let usage: Usage = { inputTokens: 0, outputTokens: 0 };
  const content: Array<TextPart | ToolCallPart | ReasoningPart> = [];
  const calls = new Map<number, ToolCallPart>();

  /** Consecutive text (or reasoning) events extend one part, as encoders render them. */
  const last = <T extends 'text' | 'reasoning'>(type: T) => {
    const part = content[content.length - 1];
    return part?.type === type ? (part as Extract<typeof part, { type: T }>) : undefined;
  };

  return {
    push(event) {
      switch (event.type) {
        case 'start':
          ({ id, model, created } = event);
          break;
        case 'text': {
          const part = last('text');
          if (part) part.text += event.text;
          else content.push({ type: 'text', text: event.text });
          break;
        }
        case 'reasoning': {
          let part = last('reasoning');
          if (!part) {
            part = { type: 'reasoning', text: '' };
            content.push(part);
          }
          if (event.text) part.text += event.text;
          if (event.signature) part.signature = event.signature;
          if (event.redacted) part.redacted = event.redacted;
          break;
        }
        case 'tool_call_start': {
          const call: ToolCallPart = {
            type: 'tool_call',
            id: event.id,
            name: event.name,
            arguments: '',
            ...(event.signature ? { signature: event.signature } : {}),
          };
          calls.set(event.index, call);
          content.push(call);
          break;
        }
        case 'tool_call_delta': {
          const call = calls.get(event.index);
          if (call) call.arguments += event.arguments;
          break;
        }
        case 'finish':
          finish = event;
          break;
        case 'usage':
          usage = event.usage;
          break;
        case 'error':
          break;
      }
    },
    response(fallbackModel) {
      return {
        id,
        model: model || fallbackModel,
        created,
        content,
        finishReason: finish?.reason ?? 'stop',
        ...(finish?.rawReason !== undefined ? { rawFinishReason: finish.rawReason } : {}),
        ...(finish?.stopSequence ? { stopSequence: finish.stopSequence } : {}),
        usage,
      };
    },
  };
}
