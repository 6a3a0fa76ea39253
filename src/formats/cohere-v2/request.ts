import type { ChatRequest, ContentPart, Message, TextPart } from '../canonical';
import { imageToUrl } from '../images';
import { InvalidRequest } from '../invalid-request';

// Canonical request → Cohere v2 /v2/chat body (PROTOCOLS §6.1). Cohere keeps system messages
// in place, carries tool arguments as JSON strings like OpenAI, and names sampling p / k.

export function encodeCohereChatRequest(req: ChatRequest, model: string): Record<string, unknown> {
  if (req.n !== undefined && req.n > 1)
    throw new InvalidRequest('Cohere returns one choice; n must be 1', 'n');
  const body: Record<string, unknown> = { model, messages: req.messages.flatMap(encodeMessage) };
  let tools = req.tools;
  if (typeof req.toolChoice === 'object' && tools) {
    // Cohere cannot name a tool: offer only that one and require a call.
    tools = tools.filter((t) => t.name === (req.toolChoice as { name: string }).name);
    body.tool_choice = 'REQUIRED';
  } else if (req.toolChoice === 'required') body.tool_choice = 'REQUIRED';
  else if (req.toolChoice === 'none' && tools?.length) body.tool_choice = 'NONE';
  if (tools?.length) {
    body.tools = tools.map((t) => ({
      type: 'function',
      function: {
        name: t.name,
        ...(t.description ? { description: t.description } : {}),
        parameters: t.parameters ?? { type: 'object', properties: {} },
      },
    }));
    if (tools.some((t) => t.strict)) body.strict_tools = true;
  }
  if (req.responseFormat?.type === 'json_object') body.response_format = { type: 'json_object' };
  if (req.responseFormat?.type === 'json_schema')
    body.response_format = { type: 'json_object', json_schema: req.responseFormat.schema };
  if (req.maxTokens !== undefined) body.max_tokens = req.maxTokens;
  if (req.temperature !== undefined) body.temperature = req.temperature;
  if (req.topP !== undefined) body.p = req.topP;
  if (req.topK !== undefined) body.k = req.topK;
  if (req.seed !== undefined) body.seed = req.seed;
  if (req.stop?.length) body.stop_sequences = req.stop;
  for (const field of ['frequency_penalty', 'presence_penalty'] as const) {
    const value = req.extra.openai?.[field];
    if (typeof value === 'number') body[field] = value;
  }
  if (req.reasoning?.disabled || req.reasoning?.effort === 'none')
    body.thinking = { type: 'disabled' };
  else if (req.reasoning?.budgetTokens !== undefined)
    body.thinking = { type: 'enabled', token_budget: req.reasoning.budgetTokens };
  if (req.stream) body.stream = true;
  return body;
}

const textOf = (parts: ContentPart[]) =>
  parts
    .filter((p): p is TextPart => p.type === 'text')
    .map((p) => p.text)
    .join('');

function encodeMessage(m: Message): Array<Record<string, unknown>> {
  switch (m.role) {
    case 'system':
      return [{ role: 'system', content: textOf(m.content) }];
    case 'assistant': {
      const calls = m.content.filter((p) => p.type === 'tool_call');
      const text = textOf(m.content);
      const out: Record<string, unknown> = { role: 'assistant' };
      if (calls.length) {
        out.tool_calls = calls.map((c) => ({
          id: c.id,
          type: 'function',
          function: { name: c.name, arguments: c.arguments || '{}' },
        }));
        // Text before a tool call is Cohere's tool plan.
        if (text) out.tool_plan = text;
      } else out.content = [{ type: 'text', text }];
      return [out];
    }
    default: {
      // Tool results become role "tool" messages; whatever else the turn holds stays a user message.
      const out: Array<Record<string, unknown>> = [];
      const rest: ContentPart[] = [];
      for (const p of m.content) {
        if (p.type === 'tool_result') {
          out.push({
            role: 'tool',
            tool_call_id: p.callId,
            content: [{ type: 'text', text: textOf(p.content) || (p.isError ? 'error' : '') }],
          });
        } else rest.push(p);
      }
      if (rest.length) out.push({ role: 'user', content: rest.map(encodeUserPart) });
      return out;
    }
  }
}

function encodeUserPart(p: ContentPart): Record<string, unknown> {
  if (p.type === 'text') return { type: 'text', text: p.text };
  if (p.type === 'image') return { type: 'image_url', image_url: { url: imageToUrl(p.source) } };
  if (p.type === 'document' && p.source.kind === 'text')
    return { type: 'text', text: p.source.text };
  throw new InvalidRequest(`Cohere does not accept ${p.type} parts in user messages`, 'messages');
}
