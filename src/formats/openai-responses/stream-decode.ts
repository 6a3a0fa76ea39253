import type { StreamEvent } from '../canonical';
import { nowSeconds } from '../ids';
import { parseJsonData } from '../sse';
import { sseDecoder, type StreamDecoder } from '../stream-codec';
import { flatName } from './tools';
import { decodeResponsesUsage } from './output';
import { decodeResponsesFinishReason } from './finish-reason';
import type { UpstreamStreamEvent } from './wire';

// A provider's Responses SSE → canonical events, for callers of other dialects.

export function responsesStreamDecoder(): StreamDecoder {
  // An `error` event is usually followed by response.failed: report the failure once.
  let failed = false;
  return sseDecoder((message): StreamEvent[] | StreamEvent | undefined => {
    const data: UpstreamStreamEvent | null = parseJsonData(message.data);
    if (!data) return;
    switch (data.type ?? message.event) {
      case 'response.created':
        return {
          type: 'start',
          id: data.response?.id ?? '',
          model: data.response?.model ?? '',
          created: data.response?.created_at ?? nowSeconds(),
        };
      case 'response.output_text.delta':
      case 'response.refusal.delta':
        return data.delta ? { type: 'text', text: data.delta } : undefined;
      case 'response.reasoning_summary_text.delta':
      case 'response.reasoning_text.delta':
        return data.delta ? { type: 'reasoning', text: data.delta } : undefined;
      case 'response.output_item.added': {
        if (data.item?.type !== 'function_call') return;
        const index = data.output_index ?? 0;
        const start: StreamEvent = {
          type: 'tool_call_start',
          index,
          id: data.item.call_id,
          name: flatName(data.item.name, data.item.namespace),
        };
        return data.item.arguments
          ? [start, { type: 'tool_call_delta', index, arguments: data.item.arguments }]
          : start;
      }
      case 'response.output_item.done':
        if (data.item?.type === 'reasoning' && data.item.encrypted_content)
          return { type: 'reasoning', encrypted: data.item.encrypted_content };
        return;
      case 'response.function_call_arguments.delta':
        return data.delta
          ? { type: 'tool_call_delta', index: data.output_index ?? 0, arguments: data.delta }
          : undefined;
      case 'response.completed':
      case 'response.incomplete': {
        const usage = decodeResponsesUsage(data.response?.usage);
        const finish: StreamEvent = {
          type: 'finish',
          ...decodeResponsesFinishReason(data.response),
        };
        return usage ? [finish, { type: 'usage', usage }] : finish;
      }
      case 'response.failed': {
        if (failed) return;
        failed = true;
        const e = data.response?.error ?? {};
        return {
          type: 'error',
          error: { status: 502, message: String(e.message ?? 'the response failed'), code: e.code },
        };
      }
      case 'error':
        failed = true;
        return {
          type: 'error',
          error: {
            status: 502,
            message: String(data.message ?? 'upstream error'),
            code: data.code ?? undefined,
            param: data.param ?? undefined,
          },
        };
    }
  });
}
