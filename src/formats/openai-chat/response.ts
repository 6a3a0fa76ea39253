import type { ChatResponse, ReasoningPart, TextPart, ToolCallPart } from '../canonical';
import { responseFinish } from '../finish-reason';
import { nowSeconds, randomId } from '../ids';
import { decodeOpenAIFinishReason, encodeOpenAIFinishReason } from './finish-reason';
import { decodeOpenAIUsage, encodeOpenAIUsage } from './usage';
import type { UpstreamCompletion } from './wire';

// OpenAI chat.completion ↔ canonical response.

export function decodeChatResponse(raw: unknown): ChatResponse {
  const body = raw as UpstreamCompletion | null | undefined;
  const choice = body?.choices?.[0] ?? {};
  const message = choice.message ?? {};
  const content: ChatResponse['content'] = [];
  if (Array.isArray(message.thinking_blocks)) {
    for (const b of message.thinking_blocks) {
      if (b?.type === 'redacted_thinking')
        content.push({ type: 'reasoning', text: '', redacted: b.data });
      else
        content.push({
          type: 'reasoning',
          text: String(b?.thinking ?? ''),
          ...(b?.signature ? { signature: b.signature } : {}),
        });
    }
  } else {
    const reasoning = message.reasoning_content ?? message.reasoning;
    if (typeof reasoning === 'string' && reasoning)
      content.push({ type: 'reasoning', text: reasoning });
  }
  if (typeof message.content === 'string' && message.content)
    content.push({ type: 'text', text: message.content });
  else if (Array.isArray(message.content)) {
    for (const p of message.content)
      if (typeof p?.text === 'string') content.push({ type: 'text', text: p.text });
  }
  for (const call of message.tool_calls ?? []) {
    content.push({
      type: 'tool_call',
      id: call.id,
      name: call.function?.name ?? '',
      arguments: call.function?.arguments ?? '{}',
    });
  }
  return {
    id: body?.id ?? randomId('chatcmpl-'),
    model: body?.model ?? '',
    created: body?.created ?? nowSeconds(),
    content,
    ...responseFinish(decodeOpenAIFinishReason(choice.finish_reason)),
    usage: decodeOpenAIUsage(body?.usage) ?? { inputTokens: 0, outputTokens: 0, estimated: true },
  };
}

export function encodeChatResponse(res: ChatResponse, model: string): Record<string, unknown> {
  const text = res.content
    .filter((p): p is TextPart => p.type === 'text')
    .map((p) => p.text)
    .join('');
  const calls = res.content.filter((p): p is ToolCallPart => p.type === 'tool_call');
  const reasoning = res.content.filter((p): p is ReasoningPart => p.type === 'reasoning');
  const message: Record<string, unknown> = {
    role: 'assistant',
    content: text || (calls.length ? null : ''),
    refusal: null,
  };
  if (reasoning.length) {
    message.reasoning_content = reasoning.map((r) => r.text).join('');
    message.thinking_blocks = reasoning.map((r) =>
      r.redacted !== undefined
        ? { type: 'redacted_thinking', data: r.redacted }
        : {
            type: 'thinking',
            thinking: r.text,
            ...(r.signature ? { signature: r.signature } : {}),
          },
    );
  }
  if (calls.length) {
    message.tool_calls = calls.map((c) => ({
      id: c.id,
      type: 'function',
      function: { name: c.name, arguments: c.arguments },
    }));
  }
  return {
    id: res.id.startsWith('chatcmpl') ? res.id : `chatcmpl-${res.id}`,
    object: 'chat.completion',
    created: res.created,
    model,
    choices: [
      {
        index: 0,
        message,
        finish_reason: encodeOpenAIFinishReason(res.finishReason, res.rawFinishReason),
        logprobs: null,
      },
    ],
    usage: encodeOpenAIUsage(res.usage),
  };
}
