import type { ChatResponse, ContentPart } from '../canonical';
import { responseFinish } from '../finish-reason';
import { nowSeconds, randomId } from '../ids';
import { idWithSignature, syntheticCallId } from './call-ids';
import { decodeGeminiFinishReason, encodeGeminiFinishReason } from './finish-reason';
import { decodeParts, encodeParts, type CallIds } from './parts';
import { decodeGeminiUsage, encodeGeminiUsage } from './usage';
import type { UpstreamResponse } from './wire';

// GenerateContentResponse ↔ canonical response (the first candidate).

/**
 * Ids for calls a Gemini provider made: its own id or a fresh one, with the call's
 * thoughtSignature folded in so a caller that only echoes ids still returns it.
 */
export function responseCallIds(): CallIds {
  return {
    call: (id, _name, signature) =>
      idWithSignature(id ?? syntheticCallId(randomId('', 12)), signature),
    result: (id) => id ?? syntheticCallId(randomId('', 12)),
  };
}

export function decodeGeminiResponse(raw: unknown): ChatResponse {
  const body = raw as UpstreamResponse | null | undefined;
  const candidate = body?.candidates?.[0];
  const parts = candidate?.content?.parts;
  const content = (
    Array.isArray(parts)
      ? decodeParts(parts, 'candidates[0].content.parts', responseCallIds(), true)
      : []
  ).filter(
    (p): p is ChatResponse['content'][number] =>
      p.type === 'text' || p.type === 'tool_call' || p.type === 'reasoning',
  );
  const hasCalls = content.some((p) => p.type === 'tool_call');
  // A prompt blocked up front has a blockReason and no candidates.
  const blocked = !candidate && body?.promptFeedback?.blockReason;
  return {
    id: body?.responseId ?? randomId('gen-'),
    model: body?.modelVersion ?? '',
    created: createdOf(body),
    content,
    // A block reason is not a finish reason: no raw value to keep.
    ...responseFinish(
      blocked
        ? { reason: 'content_filter' }
        : decodeGeminiFinishReason(candidate?.finishReason, hasCalls),
    ),
    usage: decodeGeminiUsage(body?.usageMetadata) ?? {
      inputTokens: 0,
      outputTokens: 0,
      estimated: true,
    },
  };
}

/** Vertex sends createTime; the Gemini API sends nothing. */
export function createdOf(body: Pick<UpstreamResponse, 'createTime'> | null | undefined): number {
  const time = typeof body?.createTime === 'string' ? Date.parse(body.createTime) : NaN;
  return Number.isFinite(time) ? Math.floor(time / 1000) : nowSeconds();
}

export function encodeGeminiResponse(res: ChatResponse, model: string): Record<string, unknown> {
  return {
    candidates: [
      {
        content: {
          role: 'model',
          parts: encodeParts(res.content as ContentPart[], { names: new Map(), toProvider: false }),
        },
        finishReason: encodeGeminiFinishReason(res.finishReason, res.rawFinishReason),
        index: 0,
      },
    ],
    usageMetadata: encodeGeminiUsage(res.usage),
    modelVersion: model,
    responseId: res.id,
  };
}
