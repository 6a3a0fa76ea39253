import type { StreamEvent } from '../canonical';
import { nowSeconds } from '../ids';
import { parseJsonData, parseSse } from '../sse';
import { flatName } from './tools';
import { decodeResponsesUsage } from './output';
import { finishReasonOf } from './response';

// A provider's Responses SSE → canonical events, for callers of other dialects.

export function decodeResponsesStream(body: ReadableStream<Uint8Array>): ReadableStream<StreamEvent> {
  // An `error` event is usually followed by response.failed: report the failure once.
  let failed = false;
  return parseSse(body).pipeThrough(
    new TransformStream({
      transform(message, c) {
        const data = parseJsonData(message.data);
        if (!data) return;
        const type: string = data.type ?? message.event ?? '';
        switch (type) {
          case 'response.created':
            c.enqueue({ type: 'start', id: data.response?.id ?? '', model: data.response?.model ?? '', created: data.response?.created_at ?? nowSeconds() });
            break;
          case 'response.output_text.delta':
          case 'response.refusal.delta':
            if (data.delta) c.enqueue({ type: 'text', text: data.delta });
            break;
          case 'response.reasoning_summary_text.delta':
          case 'response.reasoning_text.delta':
            if (data.delta) c.enqueue({ type: 'reasoning', text: data.delta });
            break;
          case 'response.output_item.added':
            if (data.item?.type === 'function_call') {
              c.enqueue({ type: 'tool_call_start', index: data.output_index ?? 0, id: data.item.call_id, name: flatName(data.item.name, data.item.namespace) });
              if (data.item.arguments) c.enqueue({ type: 'tool_call_delta', index: data.output_index ?? 0, arguments: data.item.arguments });
            }
            break;
          case 'response.output_item.done':
            if (data.item?.type === 'reasoning' && data.item.encrypted_content) c.enqueue({ type: 'reasoning', encrypted: data.item.encrypted_content });
            break;
          case 'response.function_call_arguments.delta':
            if (data.delta) c.enqueue({ type: 'tool_call_delta', index: data.output_index ?? 0, arguments: data.delta });
            break;
          case 'response.completed':
          case 'response.incomplete': {
            c.enqueue({ type: 'finish', reason: finishReasonOf(data.response) });
            const usage = decodeResponsesUsage(data.response?.usage);
            if (usage) c.enqueue({ type: 'usage', usage });
            break;
          }
          case 'response.failed': {
            if (failed) break;
            failed = true;
            const e = data.response?.error ?? {};
            c.enqueue({ type: 'error', error: { status: 502, message: String(e.message ?? 'the response failed'), code: e.code } });
            break;
          }
          case 'error':
            failed = true;
            c.enqueue({ type: 'error', error: { status: 502, message: String(data.message ?? 'upstream error'), code: data.code ?? undefined, param: data.param ?? undefined } });
            break;
        }
      },
    }),
  );
}
