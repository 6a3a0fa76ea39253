import type { ChatRequest, ReasoningPart, Usage } from '../canonical';
import { nowSeconds } from '../ids';
import { encodeTextFormat, type ResponsesOptions } from './request';
import { callItemFields, type ToolOrigin } from './tools';
import type { UpstreamUsage } from './wire';

// Output items and the response object, shared by the JSON and the streaming encoders so both
// describe the same response with the same item ids.

/** Item ids carry the response's id, so an item_reference can find the stored response. */
export const itemId = (prefix: 'msg' | 'fc' | 'rs' | 'ctc', responseId: string, index: number) =>
  `${prefix}_${responseId.replace(/^resp_/, '')}_${index}`;

/** The response id an item id was made from (see itemId), if it was made by the gateway. */
export function responseIdOfItem(id: string): string | undefined {
  const m = /^(?:msg|fc|rs|ctc)_(.+)_\d+$/.exec(id);
  return m ? `resp_${m[1]}` : undefined;
}

export function messageItem(id: string, text: string, status: string): Record<string, unknown> {
  return { id, type: 'message', status, role: 'assistant', content: [outputTextPart(text)] };
}

export const outputTextPart = (text: string) => ({
  type: 'output_text',
  text,
  annotations: [],
  logprobs: [],
});

export function reasoningItem(
  id: string,
  part: Pick<ReasoningPart, 'text' | 'encrypted'>,
): Record<string, unknown> {
  return {
    id,
    type: 'reasoning',
    summary: part.text ? [{ type: 'summary_text', text: part.text }] : [],
    ...(part.encrypted ? { encrypted_content: part.encrypted } : {}),
  };
}

export function callItem(
  id: string,
  callId: string,
  flatName: string,
  args: string,
  status: string,
  origins: Record<string, ToolOrigin>,
): Record<string, unknown> {
  return { id, ...callItemFields(flatName, args, origins), call_id: callId, status };
}

export function encodeResponsesUsage(u: Usage): Record<string, unknown> {
  return {
    input_tokens: u.inputTokens,
    input_tokens_details: { cached_tokens: u.cacheReadTokens ?? 0 },
    output_tokens: u.outputTokens,
    output_tokens_details: { reasoning_tokens: u.reasoningTokens ?? 0 },
    total_tokens: u.inputTokens + u.outputTokens,
  };
}

export function decodeResponsesUsage(usage: unknown): Usage | undefined {
  if (!usage || typeof usage !== 'object') return undefined;
  const u = usage as UpstreamUsage;
  const out: Usage = { inputTokens: u.input_tokens ?? 0, outputTokens: u.output_tokens ?? 0 };
  if (u.input_tokens_details?.cached_tokens)
    out.cacheReadTokens = u.input_tokens_details.cached_tokens;
  if (u.output_tokens_details?.reasoning_tokens)
    out.reasoningTokens = u.output_tokens_details.reasoning_tokens;
  return out;
}

export interface ResponseShell {
  id: string;
  createdAt: number;
  model: string;
  status: string;
  output: Record<string, unknown>[];
  incompleteDetails?: null | { reason: string };
  error?: null | { code: string; message: string };
  usage?: Usage;
}

/** The `response` object: what came back plus the request settings OpenAI echoes. */
export function responseObject(
  shell: ResponseShell,
  req: ChatRequest,
  options: ResponsesOptions | undefined,
): Record<string, unknown> {
  return {
    id: shell.id,
    object: 'response',
    created_at: shell.createdAt ?? nowSeconds(),
    status: shell.status,
    background: false,
    error: shell.error ?? null,
    incomplete_details: shell.incompleteDetails ?? null,
    instructions: options?.instructions ?? null,
    max_output_tokens: req.maxTokens ?? null,
    model: shell.model,
    output: shell.output,
    parallel_tool_calls: req.parallelToolCalls ?? true,
    previous_response_id: options?.previousResponseId ?? null,
    reasoning: { effort: req.reasoning?.effort ?? null, summary: req.reasoning?.summary ?? null },
    store: options?.store ?? true,
    temperature: req.temperature ?? 1,
    text: {
      format:
        options?.textFormat ??
        (req.responseFormat ? encodeTextFormat(req.responseFormat) : { type: 'text' }),
    },
    tool_choice: options?.rawToolChoice ?? 'auto',
    tools: options?.rawTools ?? [],
    top_p: req.topP ?? 1,
    truncation: options?.truncation ?? 'disabled',
    usage: shell.usage ? encodeResponsesUsage(shell.usage) : null,
    user: req.user ?? null,
    metadata: req.metadata ?? {},
  };
}
