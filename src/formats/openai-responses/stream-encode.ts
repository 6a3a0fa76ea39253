import type { ChatRequest, ReasoningPart, StreamEvent, Usage } from '../canonical';
import { nowSeconds } from '../ids';
import { sseFrame } from '../sse';
import type { StreamEncoder } from '../stream-codec';
import { statusOf } from './finish-reason';
import {
  callItem,
  itemId,
  messageItem,
  outputTextPart,
  reasoningItem,
  responseObject,
} from './output';
import type { ResponsesOptions } from './request';

// Canonical events → the Responses event sequence (`event:` + `data:` with sequence_number, no [DONE]):
// response.created, response.in_progress, then per output item added → deltas → done, then
// response.completed / response.incomplete, or an `error` event and response.failed.

export interface ResponsesStreamOptions {
  responseId: string;
  options?: ResponsesOptions;
  /** Seals a finished reasoning item's canonical parts into encrypted_content (the gateway's key). */
  sealReasoning?: (part: ReasoningPart) => string | undefined;
  /** Whether the caller sees encrypted_content (`include: ["reasoning.encrypted_content"]`); default yes. */
  exposeEncrypted?: boolean;
  /** Sees the final response object and every reasoning item's encrypted_content by item id (the gateway stores them). */
  onComplete?: (response: Record<string, unknown>, encrypted: Record<string, string>) => void;
}

type Open =
  | { kind: 'message'; index: number; id: string; text: string }
  | { kind: 'reasoning'; index: number; id: string; part: ReasoningPart }
  | { kind: 'call'; index: number; id: string; callId: string; name: string; args: string };

export function responsesStreamEncoder(
  req: ChatRequest,
  model: string,
  opts: ResponsesStreamOptions,
): StreamEncoder {
  const origins = opts.options?.toolOrigins ?? {};
  const id = opts.responseId;
  let created = nowSeconds();
  let seq = 0;
  let started = false;
  let failed = false;
  let finish: Extract<StreamEvent, { type: 'finish' }> | undefined;
  let usage: Usage | undefined;
  const output: Record<string, unknown>[] = [];
  let current: Open | null = null;
  /** Tool calls by their canonical index; they stay open until something else comes. */
  const calls = new Map<number, Extract<Open, { kind: 'call' }>>();
  const sealed: Record<string, string> = {};

  /** The text of the frames for the event being encoded. */
  let out = '';
  const emit = (type: string, data: Record<string, unknown>) => {
    out += sseFrame({ type, sequence_number: seq++, ...data }, type);
  };
  const shell = (status: string, extra: Record<string, unknown> = {}) =>
    responseObject(
      { id, createdAt: created, model, status, output: [...output], usage, ...extra },
      req,
      opts.options,
    );

  const start = () => {
    if (started) return;
    started = true;
    const response = shell('in_progress');
    emit('response.created', { response });
    emit('response.in_progress', { response });
  };

  const openItem = (item: Record<string, unknown>) =>
    emit('response.output_item.added', { output_index: output.length, item });

  function close() {
    const open = current;
    current = null;
    if (open?.kind === 'message') {
      const base = { item_id: open.id, output_index: open.index, content_index: 0 };
      emit('response.output_text.done', { ...base, text: open.text, logprobs: [] });
      emit('response.content_part.done', { ...base, part: outputTextPart(open.text) });
      finishItem(messageItem(open.id, open.text, 'completed'));
    } else if (open?.kind === 'reasoning') {
      const base = { item_id: open.id, output_index: open.index, summary_index: 0 };
      if (open.part.text) {
        emit('response.reasoning_summary_text.done', { ...base, text: open.part.text });
        emit('response.reasoning_summary_part.done', {
          ...base,
          part: { type: 'summary_text', text: open.part.text },
        });
      }
      const encrypted = opts.sealReasoning?.(open.part) ?? open.part.encrypted;
      if (encrypted) sealed[open.id] = encrypted;
      finishItem(
        reasoningItem(open.id, {
          text: open.part.text,
          encrypted: opts.exposeEncrypted === false ? undefined : encrypted,
        }),
      );
    }
    for (const call of calls.values()) {
      const item = callItem(call.id, call.callId, call.name, call.args, 'completed', origins);
      const base = { item_id: call.id, output_index: call.index };
      if (item.type === 'custom_tool_call') {
        emit('response.custom_tool_call_input.delta', { ...base, delta: item.input });
        emit('response.custom_tool_call_input.done', { ...base, input: item.input });
      } else
        emit('response.function_call_arguments.done', {
          ...base,
          name: call.name,
          arguments: call.args,
        });
      finishItem(item);
    }
    calls.clear();
  }

  const finishItem = (item: Record<string, unknown>) => {
    emit('response.output_item.done', { output_index: output.length, item });
    output.push(item);
  };

  function onEvent(event: StreamEvent) {
    if (event.type === 'start') {
      created = event.created || created;
      return start();
    }
    if (event.type === 'error') {
      start();
      failed = true;
      const error = { code: event.error.code ?? 'server_error', message: event.error.message };
      emit('error', { code: error.code, message: error.message, param: event.error.param ?? null });
      emit('response.failed', { response: shell('failed', { error }) });
      return;
    }
    start();
    switch (event.type) {
      case 'text': {
        if (current?.kind !== 'message') {
          close();
          current = {
            kind: 'message',
            index: output.length,
            id: itemId('msg', id, output.length),
            text: '',
          };
          openItem({
            id: current.id,
            type: 'message',
            status: 'in_progress',
            role: 'assistant',
            content: [],
          });
          emit('response.content_part.added', {
            item_id: current.id,
            output_index: current.index,
            content_index: 0,
            part: outputTextPart(''),
          });
        }
        current.text += event.text;
        emit('response.output_text.delta', {
          item_id: current.id,
          output_index: current.index,
          content_index: 0,
          delta: event.text,
          logprobs: [],
        });
        break;
      }
      case 'reasoning': {
        // A signature or redacted block ends a reasoning block; new text after it starts another.
        if (
          current?.kind !== 'reasoning' ||
          (event.text && (current.part.signature || current.part.redacted !== undefined))
        ) {
          close();
          current = {
            kind: 'reasoning',
            index: output.length,
            id: itemId('rs', id, output.length),
            part: { type: 'reasoning', text: '' },
          };
          openItem({ id: current.id, type: 'reasoning', summary: [] });
        }
        const part = current.part;
        if (event.text) {
          const base = { item_id: current.id, output_index: current.index, summary_index: 0 };
          if (!part.text)
            emit('response.reasoning_summary_part.added', {
              ...base,
              part: { type: 'summary_text', text: '' },
            });
          part.text += event.text;
          emit('response.reasoning_summary_text.delta', { ...base, delta: event.text });
        }
        if (event.signature) part.signature = event.signature;
        if (event.redacted !== undefined) part.redacted = event.redacted;
        if (event.encrypted) part.encrypted = event.encrypted;
        break;
      }
      case 'tool_call_start': {
        if (current) close();
        const index = output.length + calls.size;
        const call = {
          kind: 'call' as const,
          index,
          id: itemId('fc', id, index),
          callId: event.id,
          name: event.name,
          args: '',
        };
        calls.set(event.index, call);
        emit('response.output_item.added', {
          output_index: index,
          item: callItem(call.id, call.callId, call.name, '', 'in_progress', origins),
        });
        break;
      }
      case 'tool_call_delta': {
        const call = calls.get(event.index);
        if (!call) break;
        call.args += event.arguments;
        // A custom tool's input is one string inside the canonical JSON arguments: sent whole at the end.
        if (!origins[call.name]?.custom)
          emit('response.function_call_arguments.delta', {
            item_id: call.id,
            output_index: call.index,
            delta: event.arguments,
          });
        break;
      }
      case 'finish':
        finish = event;
        break;
      case 'usage':
        usage = event.usage;
        break;
    }
  }

  const take = () => {
    const text = out;
    out = '';
    return text;
  };

  return {
    event(event) {
      if (!failed) onEvent(event);
      return take();
    },
    end() {
      if (failed) return '';
      start();
      close();
      const { status, incomplete_details } = statusOf(finish?.reason, finish?.rawReason);
      const response = shell(status, { incompleteDetails: incomplete_details });
      emit(status === 'completed' ? 'response.completed' : 'response.incomplete', { response });
      opts.onComplete?.(response, sealed);
      return take();
    },
  };
}
