import type { ChatResponse } from '../canonical';
import { responseFinish } from '../finish-reason';
import { nowSeconds, randomId } from '../ids';
import { decodeCohereFinishReason } from './finish-reason';
import { decodeCohereUsage } from './usage';
import type { UpstreamChatResponse } from './wire';

// Cohere v2 chat response → canonical.

export function decodeCohereChatResponse(raw: unknown, model: string): ChatResponse {
  const body = raw as UpstreamChatResponse | null | undefined;
  const message = body?.message ?? {};
  const content: ChatResponse['content'] = [];
  for (const part of Array.isArray(message.content) ? message.content : []) {
    if (part?.type === 'thinking' && typeof part.thinking === 'string')
      content.push({ type: 'reasoning', text: part.thinking });
    else if (typeof part?.text === 'string') content.push({ type: 'text', text: part.text });
  }
  // The tool plan is the model's reasoning about which tools to call.
  if (typeof message.tool_plan === 'string' && message.tool_plan)
    content.unshift({ type: 'reasoning', text: message.tool_plan });
  for (const call of message.tool_calls ?? []) {
    content.push({
      type: 'tool_call',
      id: String(call.id ?? randomId('call_')),
      name: call.function?.name ?? '',
      arguments: call.function?.arguments || '{}',
    });
  }
  return {
    id: body?.id ?? randomId('chat-'),
    model,
    created: nowSeconds(),
    content,
    ...responseFinish(decodeCohereFinishReason(body?.finish_reason)),
    usage: decodeCohereUsage(body?.usage) ?? { inputTokens: 0, outputTokens: 0, estimated: true },
  };
}
