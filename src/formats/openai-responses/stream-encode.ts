import type { ChatRequest, FinishReason, ReasoningPart, StreamEvent, Usage } from '../canonical';
import { nowSeconds } from '../ids';
import { sseFrame } from '../sse';
import { callItem, itemId, messageItem, outputTextPart, reasoningItem, responseObject, statusOf } from './output';
import type { ResponsesOptions } from './request';

// Canonical events → the Responses event sequence (`event:` + `data:` with sequence_number, no [DONE]):
// response.created, response.in_progress, then per output item added → deltas → done, then
// response.completed / response.incomplete, or an `error` event and response.failed.

export interface ResponsesStreamOptions {
  responseId: string;
  options?: ResponsesOptions;
  /** Seals a finished reasoning item's canonical parts into encrypted_content (the gateway's key). */
  sealReasoning?: (part: ReasoningPart) => Promise<string | undefined>;
  /** Sees the final response object (the gateway stores it). */
  onComplete?: (response: Record<string, unknown>) => void;
}

type Open =
  | { kind: 'message'; index: number; id: string; text: string }
  | { kind: 'reasoning'; index: number; id: string; part: ReasoningPart }
  | { kind: 'call'; index: number; id: string; callId: string; name: string; args: string };

export function encodeResponsesStream(req: ChatRequest, model: string, opts: ResponsesStreamOptions): TransformStream<StreamEvent, string> {
  const origins = opts.options?.toolOrigins ?? {};
  const id = opts.responseId;
  let created = nowSeconds();
  let seq = 0;
  let started = false;
  let failed = false;
  let finish: FinishReason | undefined;
  let usage: Usage | undefined;
  const output: Record<string, unknown>[] = [];
  let current: Open | null = null;
  /** Tool calls by their canonical index; they stay open until something else comes. */
  const calls = new Map<number, Extract<Open, { kind: 'call' }>>();

  type Out = TransformStreamDefaultController<string>;
  const emit = (c: Out, type: string, data: Record<string, unknown>) => c.enqueue(sseFrame({ type, sequence_number: seq++, ...data }, type));
  const shell = (status: string, extra: Record<string, unknown> = {}) =>
    responseObject({ id, createdAt: created, model, status, output: [...output], usage, ...extra }, req, opts.options);

  const start = (c: Out) => {
    if (started) return;
    started = true;
    const response = shell('in_progress');
    emit(c, 'response.created', { response });
    emit(c, 'response.in_progress', { response });
  };

  const openItem = (c: Out, item: Record<string, unknown>) => emit(c, 'response.output_item.added', { output_index: output.length, item });

  async function close(c: Out) {
    const open = current;
    current = null;
    if (open?.kind === 'message') {
      const base = { item_id: open.id, output_index: open.index, content_index: 0 };
      emit(c, 'response.output_text.done', { ...base, text: open.text, logprobs: [] });
      emit(c, 'response.content_part.done', { ...base, part: outputTextPart(open.text) });
      finishItem(c, messageItem(open.id, open.text, 'completed'));
    } else if (open?.kind === 'reasoning') {
      const base = { item_id: open.id, output_index: open.index, summary_index: 0 };
      if (open.part.text) {
        emit(c, 'response.reasoning_summary_text.done', { ...base, text: open.part.text });
        emit(c, 'response.reasoning_summary_part.done', { ...base, part: { type: 'summary_text', text: open.part.text } });
      }
      const encrypted = (await opts.sealReasoning?.(open.part)) ?? open.part.encrypted;
      finishItem(c, reasoningItem(open.id, { text: open.part.text, encrypted }));
    }
    for (const call of calls.values()) {
      emit(c, 'response.function_call_arguments.done', { item_id: call.id, output_index: call.index, name: call.name, arguments: call.args });
      finishItem(c, callItem(call.id, call.callId, call.name, call.args, 'completed', origins));
    }
    calls.clear();
  }

  const finishItem = (c: Out, item: Record<string, unknown>) => {
    emit(c, 'response.output_item.done', { output_index: output.length, item });
    output.push(item);
  };

  async function onEvent(event: StreamEvent, c: Out) {
    if (event.type === 'start') {
      created = event.created || created;
      return start(c);
    }
    if (event.type === 'error') {
      start(c);
      failed = true;
      const error = { code: event.error.code ?? 'server_error', message: event.error.message };
      emit(c, 'error', { code: error.code, message: error.message, param: event.error.param ?? null });
      emit(c, 'response.failed', { response: shell('failed', { error }) });
      return;
    }
    start(c);
    switch (event.type) {
      case 'text': {
        if (current?.kind !== 'message') {
          await close(c);
          current = { kind: 'message', index: output.length, id: itemId('msg', id, output.length), text: '' };
          openItem(c, { id: current.id, type: 'message', status: 'in_progress', role: 'assistant', content: [] });
          emit(c, 'response.content_part.added', { item_id: current.id, output_index: current.index, content_index: 0, part: outputTextPart('') });
        }
        current.text += event.text;
        emit(c, 'response.output_text.delta', { item_id: current.id, output_index: current.index, content_index: 0, delta: event.text, logprobs: [] });
        break;
      }
      case 'reasoning': {
        // A signature or redacted block ends a reasoning block; new text after it starts another.
        if (current?.kind !== 'reasoning' || (event.text && (current.part.signature || current.part.redacted !== undefined))) {
          await close(c);
          current = { kind: 'reasoning', index: output.length, id: itemId('rs', id, output.length), part: { type: 'reasoning', text: '' } };
          openItem(c, { id: current.id, type: 'reasoning', summary: [] });
        }
        const part = current.part;
        if (event.text) {
          const base = { item_id: current.id, output_index: current.index, summary_index: 0 };
          if (!part.text) emit(c, 'response.reasoning_summary_part.added', { ...base, part: { type: 'summary_text', text: '' } });
          part.text += event.text;
          emit(c, 'response.reasoning_summary_text.delta', { ...base, delta: event.text });
        }
        if (event.signature) part.signature = event.signature;
        if (event.redacted !== undefined) part.redacted = event.redacted;
        if (event.encrypted) part.encrypted = event.encrypted;
        break;
      }
      case 'tool_call_start': {
        if (current) await close(c);
        const index = output.length + calls.size;
        const call = { kind: 'call' as const, index, id: itemId('fc', id, index), callId: event.id, name: event.name, args: '' };
        calls.set(event.index, call);
        emit(c, 'response.output_item.added', { output_index: index, item: callItem(call.id, call.callId, call.name, '', 'in_progress', origins) });
        break;
      }
      case 'tool_call_delta': {
        const call = calls.get(event.index);
        if (!call) break;
        call.args += event.arguments;
        emit(c, 'response.function_call_arguments.delta', { item_id: call.id, output_index: call.index, delta: event.arguments });
        break;
      }
      case 'finish':
        finish = event.reason;
        break;
      case 'usage':
        usage = event.usage;
        break;
    }
  }

  return new TransformStream<StreamEvent, string>({
    async transform(event, c) {
      if (!failed) await onEvent(event, c);
    },
    async flush(c) {
      if (failed) return;
      start(c);
      await close(c);
      const { status, incomplete_details } = statusOf(finish);
      const response = shell(status, { incompleteDetails: incomplete_details });
      emit(c, status === 'completed' ? 'response.completed' : 'response.incomplete', { response });
      opts.onComplete?.(response);
    },
  });
}
