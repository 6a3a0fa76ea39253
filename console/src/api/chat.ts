import { type AssembledAnswer, applyChunk, emptyAnswer } from '../lib/chat-delta';
import { sseReader } from '../lib/sse';
import { authHeader, errorMessage } from './client';

export interface ChatRequest {
  endpoint: string;
  messages: { role: string; content: string }[];
  temperature?: number;
  maxTokens?: number;
  tools?: unknown[];
  tags?: Record<string, string>;
}

export interface ChatResult {
  answer: AssembledAnswer;
  latencyMs: number;
  firstTokenMs: number | null;
  error?: string;
}

/**
 * A streamed chat completion through the gateway's own OpenAI route with the signed-in token;
 * `onUpdate` sees the answer after each chunk, so the page shows text as it arrives.
 */
export async function streamChat(
  request: ChatRequest,
  onUpdate: (answer: AssembledAnswer) => void,
  signal?: AbortSignal,
): Promise<ChatResult> {
  const started = performance.now();
  let firstTokenMs: number | null = null;
  let answer = emptyAnswer();
  const res = await fetch('/ai-gateway/mlflow/v1/chat/completions', {
    method: 'POST',
    signal,
    headers: {
      ...authHeader(),
      'content-type': 'application/json',
      ...(request.tags && Object.keys(request.tags).length
        ? { 'databricks-ai-gateway-request-tags': JSON.stringify(request.tags) }
        : {}),
    },
    body: JSON.stringify({
      model: request.endpoint,
      messages: request.messages,
      stream: true,
      stream_options: { include_usage: true },
      ...(request.temperature !== undefined ? { temperature: request.temperature } : {}),
      ...(request.maxTokens !== undefined ? { max_tokens: request.maxTokens } : {}),
      ...(request.tools?.length ? { tools: request.tools } : {}),
    }),
  });
  if (!res.ok || !res.body) {
    return {
      answer,
      latencyMs: performance.now() - started,
      firstTokenMs,
      error: await errorMessage(res),
    };
  }
  const reader = sseReader();
  const decoder = new TextDecoder();
  const body = res.body.getReader();
  for (let chunk = await body.read(); !chunk.done; chunk = await body.read()) {
    for (const data of reader.push(decoder.decode(chunk.value, { stream: true }))) {
      if (data === '[DONE]') continue;
      firstTokenMs ??= performance.now() - started;
      answer = applyChunk(answer, JSON.parse(data));
      onUpdate(answer);
    }
  }
  return { answer, latencyMs: performance.now() - started, firstTokenMs };
}
