import type { ChatResponse } from '../canonical';
import { responseFinish } from '../finish-reason';
import { nowSeconds, randomId } from '../ids';
import { decodeBedrockBlock } from './blocks';
import { decodeBedrockStopReason } from './stop-reason';
import { decodeBedrockUsage } from './usage';

// Converse response → canonical.

export function decodeConverseResponse(body: any, model: string, requestId?: string): ChatResponse {
  const blocks = body?.output?.message?.content;
  return {
    id: requestId ?? randomId('msg_'),
    model,
    created: nowSeconds(),
    content: (Array.isArray(blocks) ? blocks : []).flatMap(decodeBedrockBlock) as ChatResponse['content'],
    ...responseFinish(decodeBedrockStopReason(body?.stopReason)),
    usage: decodeBedrockUsage(body?.usage) ?? { inputTokens: 0, outputTokens: 0, estimated: true },
  };
}
