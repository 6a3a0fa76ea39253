import type { ChatRequest, ChatResponse } from '../canonical';
import { responseFinish } from '../finish-reason';
import { nowSeconds, randomId } from '../ids';
import { flatName } from './tools';
import {
  callItem,
  decodeResponsesUsage,
  itemId,
  messageItem,
  reasoningItem,
  responseObject,
} from './output';
import { decodeResponsesFinishReason, statusOf } from './finish-reason';
import type { ResponsesOptions } from './request';
import type { UpstreamResponse } from './wire';

// OpenAI Responses `response` object ↔ canonical response.

/** A Responses id for a response the gateway answers (providers' own ids are chat or message ids). */
export const newResponseId = () => randomId('resp_', 32);

export function encodeResponsesResponse(
  res: ChatResponse,
  req: ChatRequest,
  model: string,
  options?: ResponsesOptions,
  responseId = res.id.startsWith('resp_') ? res.id : newResponseId(),
): Record<string, unknown> {
  const origins = options?.toolOrigins ?? {};
  const { status, incomplete_details } = statusOf(res.finishReason, res.rawFinishReason);
  const itemStatus = status === 'completed' ? 'completed' : 'incomplete';
  const output: Record<string, unknown>[] = [];
  let text: string | null = null;
  const flushText = () => {
    if (text !== null)
      output.push(messageItem(itemId('msg', responseId, output.length), text, itemStatus));
    text = null;
  };
  for (const part of res.content) {
    if (part.type === 'text') {
      text = (text ?? '') + part.text;
      continue;
    }
    flushText();
    if (part.type === 'reasoning')
      output.push(reasoningItem(itemId('rs', responseId, output.length), part));
    else
      output.push(
        callItem(
          itemId('fc', responseId, output.length),
          part.id,
          part.name,
          part.arguments,
          'completed',
          origins,
        ),
      );
  }
  flushText();
  return responseObject(
    {
      id: responseId,
      createdAt: res.created,
      model,
      status,
      output,
      incompleteDetails: incomplete_details,
      usage: res.usage,
    },
    req,
    options,
  );
}

/** A provider's Responses object → canonical (for translating a Responses provider to other dialects). */
export function decodeResponsesResponse(raw: unknown): ChatResponse {
  const body = raw as UpstreamResponse | null | undefined;
  const content: ChatResponse['content'] = [];
  for (const item of Array.isArray(body?.output) ? body.output : []) {
    if (item?.type === 'message') {
      for (const p of item.content ?? []) {
        if (p?.type === 'output_text' && typeof p.text === 'string')
          content.push({ type: 'text', text: p.text });
        else if (p?.type === 'refusal')
          content.push({ type: 'text', text: String(p.refusal ?? '') });
      }
    } else if (item?.type === 'reasoning') {
      const texts = [...(item.content ?? []), ...(item.content?.length ? [] : (item.summary ?? []))]
        .map((p) => p?.text ?? '')
        .filter(Boolean);
      content.push({
        type: 'reasoning',
        text: texts.join('\n\n'),
        ...(item.encrypted_content ? { encrypted: item.encrypted_content } : {}),
      });
    } else if (item?.type === 'function_call') {
      content.push({
        type: 'tool_call',
        id: item.call_id,
        name: flatName(item.name, item.namespace),
        arguments: item.arguments ?? '{}',
      });
    }
  }
  return {
    id: body?.id ?? newResponseId(),
    model: body?.model ?? '',
    created: body?.created_at ?? nowSeconds(),
    content,
    ...responseFinish(decodeResponsesFinishReason(body)),
    usage: decodeResponsesUsage(body?.usage) ?? {
      inputTokens: 0,
      outputTokens: 0,
      estimated: true,
    },
  };
}
