import type { ChatResponse, TextPart } from '../canonical';
import { responseFinish } from '../finish-reason';
import { nowSeconds, randomId } from '../ids';
import { decodeOpenAIFinishReason, decodeOpenAIUsage, encodeOpenAIUsage } from '../openai-chat';
import { encodeCompletionFinishReason } from './finish-reason';
import type { UpstreamTextCompletion } from './wire';

// Legacy `text_completion` ↔ canonical response.

export function encodeCompletionResponse(
  res: ChatResponse,
  model: string,
): Record<string, unknown> {
  const text = res.content
    .filter((p): p is TextPart => p.type === 'text')
    .map((p) => p.text)
    .join('');
  const { prompt_tokens, completion_tokens, total_tokens } = encodeOpenAIUsage(res.usage);
  return {
    id: res.id.startsWith('cmpl-') ? res.id : `cmpl-${res.id}`,
    object: 'text_completion',
    created: res.created,
    model,
    choices: [
      {
        index: 0,
        text,
        finish_reason: encodeCompletionFinishReason(res.finishReason, res.rawFinishReason),
        logprobs: null,
      },
    ],
    usage: { prompt_tokens, completion_tokens, total_tokens },
  };
}

export function decodeCompletionResponse(raw: unknown): ChatResponse {
  const body = raw as UpstreamTextCompletion | null | undefined;
  const choice = body?.choices?.[0] ?? {};
  return {
    id: body?.id ?? randomId('cmpl-'),
    model: body?.model ?? '',
    created: body?.created ?? nowSeconds(),
    content:
      typeof choice.text === 'string' && choice.text ? [{ type: 'text', text: choice.text }] : [],
    ...responseFinish(decodeOpenAIFinishReason(choice.finish_reason)),
    usage: decodeOpenAIUsage(body?.usage) ?? { inputTokens: 0, outputTokens: 0, estimated: true },
  };
}
