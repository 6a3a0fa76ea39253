import type { ChatRequest, ContentPart, Message, ResponseFormat, TextPart } from '../canonical';
import { imageToUrl } from '../images';

// canonical → OpenAI Chat Completions body.

export interface EncodeChatOptions {
  /**
   * OpenAI itself wants max_completion_tokens (its reasoning models reject max_tokens); many
   * OpenAI-compatible servers only know max_tokens.
   */
  maxTokensField?: 'max_tokens' | 'max_completion_tokens';
}

export function encodeChatRequest(
  req: ChatRequest,
  model: string,
  options: EncodeChatOptions = {},
): Record<string, unknown> {
  const body: Record<string, unknown> = { model, messages: encodeMessages(req.messages) };
  if (req.tools?.length) {
    body.tools = req.tools.map((t) => ({
      type: 'function',
      function: {
        name: t.name,
        ...(t.description ? { description: t.description } : {}),
        parameters: t.parameters ?? { type: 'object', properties: {} },
        ...(t.strict !== undefined ? { strict: t.strict } : {}),
      },
    }));
  }
  if (req.toolChoice)
    body.tool_choice =
      typeof req.toolChoice === 'string'
        ? req.toolChoice
        : { type: 'function', function: { name: req.toolChoice.name } };
  if (req.parallelToolCalls !== undefined && req.tools?.length)
    body.parallel_tool_calls = req.parallelToolCalls;
  if (req.responseFormat) body.response_format = encodeResponseFormat(req.responseFormat);
  Object.assign(body, encodeSampling(req, options.maxTokensField));
  const effort =
    openAIEffort(req.reasoning?.effort) ?? effortFromBudget(req.reasoning?.budgetTokens);
  if (effort && !req.reasoning?.disabled) body.reasoning_effort = effort;
  if (req.stream) {
    body.stream = true;
    // Always ask for usage: the gateway records it; the dialect encoder decides whether the caller sees it.
    body.stream_options = { include_usage: true };
  }
  return { ...body, ...(req.extra.openai ?? {}) };
}

/** max_tokens, temperature, top_p, stop, n, seed and user: the same on chat and legacy completions. */
export function encodeSampling(
  req: ChatRequest,
  maxTokensField: 'max_tokens' | 'max_completion_tokens' = 'max_tokens',
): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  if (req.maxTokens !== undefined) body[maxTokensField] = req.maxTokens;
  if (req.temperature !== undefined) body.temperature = req.temperature;
  if (req.topP !== undefined) body.top_p = req.topP;
  if (req.stop?.length) body.stop = req.stop;
  if (req.n !== undefined) body.n = req.n;
  if (req.seed !== undefined) body.seed = req.seed;
  if (req.user) body.user = req.user;
  return body;
}

/** Anthropic's `max` effort has no OpenAI name; `high` is the highest every reasoning model takes. */
export const openAIEffort = (effort: string | undefined) => (effort === 'max' ? 'high' : effort);

/** A thinking budget expressed as the nearest OpenAI reasoning effort. */
export function effortFromBudget(budget: number | undefined): string | undefined {
  if (budget === undefined) return undefined;
  if (budget <= 2048) return 'low';
  if (budget <= 8192) return 'medium';
  return 'high';
}

function encodeResponseFormat(f: ResponseFormat): Record<string, unknown> {
  if (f.type !== 'json_schema') return { type: f.type };
  return {
    type: 'json_schema',
    json_schema: {
      name: f.name,
      schema: f.schema,
      ...(f.strict !== undefined ? { strict: f.strict } : {}),
      ...(f.description ? { description: f.description } : {}),
    },
  };
}

function textOf(parts: ContentPart[]): string {
  return parts
    .filter((p): p is TextPart => p.type === 'text')
    .map((p) => p.text)
    .join('');
}

function encodeParts(parts: ContentPart[]): string | Array<Record<string, unknown>> {
  if (parts.every((p) => p.type === 'text' && !p.cacheControl)) return textOf(parts);
  return parts.flatMap((p): Array<Record<string, unknown>> => {
    if (p.type === 'text') return [{ type: 'text', text: p.text }];
    if (p.type === 'image')
      return [
        {
          type: 'image_url',
          image_url: { url: imageToUrl(p.source), ...(p.detail ? { detail: p.detail } : {}) },
        },
      ];
    if (p.type === 'document' && p.source.kind !== 'text')
      return [
        {
          type: 'file',
          file: {
            file_data: imageToUrl(p.source),
            ...(p.filename ? { filename: p.filename } : {}),
          },
        },
      ];
    if (p.type === 'document' && p.source.kind === 'text')
      return [{ type: 'text', text: p.source.text }];
    return [];
  });
}

function encodeMessages(messages: Message[]): Array<Record<string, unknown>> {
  const out: Array<Record<string, unknown>> = [];
  for (const m of messages) {
    if (m.role === 'system') {
      out.push({ role: 'system', content: textOf(m.content) });
      continue;
    }
    if (m.role === 'assistant') {
      const calls = m.content.filter((p) => p.type === 'tool_call');
      const text = textOf(m.content);
      out.push({
        role: 'assistant',
        content: text || (calls.length ? null : ''),
        ...(calls.length
          ? {
              tool_calls: calls.map((c) => ({
                id: c.id,
                type: 'function',
                function: { name: c.name, arguments: c.arguments },
              })),
            }
          : {}),
      });
      continue;
    }
    // user and tool turns: each tool result becomes its own tool message, other parts a user message.
    const rest: ContentPart[] = [];
    const images: ContentPart[] = [];
    for (const p of m.content) {
      if (p.type === 'tool_result') {
        out.push({
          role: 'tool',
          tool_call_id: p.callId,
          content: textOf(p.content) || (p.isError ? 'error' : ''),
        });
        images.push(...p.content.filter((c) => c.type !== 'text'));
      } else rest.push(p);
    }
    // OpenAI tool messages carry text only: images returned by a tool follow as a user turn.
    const user = [...images, ...rest];
    if (user.length) out.push({ role: 'user', content: encodeParts(user) });
  }
  return out;
}
