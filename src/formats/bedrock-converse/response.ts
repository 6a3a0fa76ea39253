import type { ChatResponse } from '../canonical';
import { responseFinish } from '../finish-reason';
import { nowSeconds, randomId } from '../ids';
import { decodeBedrockBlock } from './blocks';
import { decodeBedrockStopReason } from './stop-reason';
import { decodeBedrockUsage } from './usage';
import type { UpstreamResponse } from './wire';

// Converse response → canonical.

export function decodeConverseResponse(
  raw: unknown,
  model: string,
  requestId?: string,
): ChatResponse {
  const body = raw as UpstreamResponse | null | undefined;
  const blocks = body?.output?.message?.content;
  return {
    id: requestId ?? randomId('msg_'),
    model,
    created: nowSeconds(),
    content: (Array.isArray(blocks) ? blocks : []).flatMap(decodeBedrockBlock),
    ...responseFinish(decodeBedrockStopReason(body?.stopReason)),
    usage: decodeBedrockUsage(body?.usage) ?? { inputTokens: 0, outputTokens: 0, estimated: true },
  };
}
