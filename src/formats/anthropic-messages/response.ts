import type { ChatResponse } from '../canonical';
import { responseFinish } from '../finish-reason';
import { nowSeconds, randomId } from '../ids';
import { argumentsToObject, objectToArguments } from '../json-args';
import { decodeStopReason, encodeStopReason } from './stop-reason';
import { anthropicToolId } from './turns';
import { decodeAnthropicUsage, encodeAnthropicUsage } from './usage';
import type { Block, UpstreamMessage } from './wire';

// Anthropic `message` response ↔ canonical response.

export function decodeMessagesResponse(raw: unknown): ChatResponse {
  const body = raw as UpstreamMessage | null | undefined;
  const content: ChatResponse['content'] = [];
  for (const b of Array.isArray(body?.content) ? body.content : []) {
    if (b?.type === 'text' && typeof b.text === 'string')
      content.push({ type: 'text', text: b.text });
    else if (b?.type === 'thinking')
      content.push({
        type: 'reasoning',
        text: String(b.thinking ?? ''),
        ...(b.signature ? { signature: b.signature } : {}),
      });
    else if (b?.type === 'redacted_thinking')
      content.push({ type: 'reasoning', text: '', redacted: String(b.data ?? '') });
    else if (b?.type === 'tool_use')
      content.push({
        type: 'tool_call',
        id: String(b.id),
        name: String(b.name ?? ''),
        arguments: objectToArguments(b.input ?? {}),
      });
  }
  return {
    id: body?.id ?? randomId('msg_'),
    model: body?.model ?? '',
    created: nowSeconds(),
    content,
    ...responseFinish(decodeStopReason(body?.stop_reason)),
    ...(typeof body?.stop_sequence === 'string' ? { stopSequence: body.stop_sequence } : {}),
    usage: decodeAnthropicUsage(body?.usage) ?? {
      inputTokens: 0,
      outputTokens: 0,
      estimated: true,
    },
  };
}

export function encodeMessagesResponse(res: ChatResponse, model: string): Record<string, unknown> {
  const content = res.content.flatMap((p): Block[] => {
    if (p.type === 'text') return p.text ? [{ type: 'text', text: p.text }] : [];
    if (p.type === 'tool_call')
      return [
        {
          type: 'tool_use',
          id: anthropicToolId(p.id),
          name: p.name,
          input: argumentsToObject(p.arguments),
        },
      ];
    if (p.redacted !== undefined) return [{ type: 'redacted_thinking', data: p.redacted }];
    return [{ type: 'thinking', thinking: p.text, signature: p.signature ?? '' }];
  });
  return {
    id: res.id.startsWith('msg_') ? res.id : `msg_${res.id}`,
    type: 'message',
    role: 'assistant',
    model,
    content,
    stop_reason: encodeStopReason(res.finishReason, res.rawFinishReason, res.stopSequence),
    stop_sequence: res.stopSequence ?? null,
    usage: encodeAnthropicUsage(res.usage),
  };
}
