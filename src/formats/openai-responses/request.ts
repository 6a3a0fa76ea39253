import type { ChatRequest, ResponseFormat } from '../canonical';
import { expectObject, InvalidRequest, optionalNumber, optionalString } from '../invalid-request';
import { isRecord } from '../is-record';
import { decodeInput, encodeInput } from './input-items';
import {
  decodeToolChoice,
  decodeTools,
  encodeToolChoice,
  encodeTools,
  type ToolOrigin,
} from './tools';
import { openAIEffort } from '../openai-chat/request-encode';

// OpenAI Responses request ↔ canonical chat request plus what only the Responses API has
// (storage, includes, namespaces, hosted tools), which the gateway acts on itself.

export interface ResponsesOptions {
  /** `store` (default true): keep the response so later requests can refer to it. */
  store: boolean;
  previousResponseId?: string;
  include: string[];
  /** `instructions`, which became the first canonical system message. */
  instructions?: string;
  /** Flattened tool name → the caller's namespace / custom tool. */
  toolOrigins: Record<string, ToolOrigin>;
  /** Hosted tools (web_search, …) a translated request leaves out. */
  hostedTools: Record<string, unknown>[];
  /** A hosted tool forced by tool_choice: only a provider that runs it can answer. */
  forcedHostedTool?: string;
  /** `text.format` as the caller sent it, echoed in the response object. */
  textFormat?: Record<string, unknown>;
  /** `tool_choice` and `tools` as sent, echoed in the response object. */
  rawToolChoice?: unknown;
  rawTools?: unknown[];
  truncation?: string;
  /** item_reference items left in the input: only a provider that stored them can resolve them. */
  unresolvedReferences: string[];
}

export interface DecodedResponsesRequest {
  chat: ChatRequest;
  options: ResponsesOptions;
}

/** Fields decoded here; the rest is either Responses-only state or passed on below. */
const KNOWN = new Set([
  'model',
  'input',
  'instructions',
  'tools',
  'tool_choice',
  'parallel_tool_calls',
  'text',
  'reasoning',
  'max_output_tokens',
  'temperature',
  'top_p',
  'top_k',
  'stream',
  'store',
  'previous_response_id',
  'include',
  'metadata',
  'user',
  'truncation',
  'stream_options',
  'background',
  'conversation',
  'client_metadata',
  'prompt',
  'max_tool_calls',
  'top_logprobs',
]);
/** Responses fields that mean the same on Chat Completions, passed through to OpenAI-format providers. */
const CHAT_COMPATIBLE = new Set([
  'prompt_cache_key',
  'service_tier',
  'safety_identifier',
  'prompt_cache_retention',
]);

export function decodeResponsesRequest(raw: unknown): DecodedResponsesRequest {
  const body = expectObject(raw, 'body');
  if (body.conversation !== undefined && body.conversation !== null)
    throw new InvalidRequest(
      'conversations are not supported; use previous_response_id',
      'conversation',
    );
  if (body.background === true)
    throw new InvalidRequest('background responses are not supported', 'background');
  if (body.input === undefined || body.input === null)
    throw new InvalidRequest('is required', 'input');
  const unresolvedReferences: string[] = [];
  const messages = decodeInput(body.input, unresolvedReferences);
  const instructions = optionalString(body.instructions, 'instructions');
  if (instructions)
    messages.unshift({ role: 'system', content: [{ type: 'text', text: instructions }] });
  if (messages.length === 0) {
    if (unresolvedReferences.length)
      throw new InvalidRequest(
        'this item_reference names no stored item of yours',
        unresolvedReferences[0],
      );
    throw new InvalidRequest('must contain at least one item', 'input');
  }

  const tools = decodeTools(body.tools);
  const choice = decodeToolChoice(body.tool_choice);
  const extra: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(body))
    if (CHAT_COMPATIBLE.has(k) && v !== undefined) extra[k] = v;
  const text = isRecord(body.text) ? body.text : {};
  if (text.verbosity) extra.verbosity = text.verbosity;
  for (const k of Object.keys(body))
    if (!KNOWN.has(k) && !CHAT_COMPATIBLE.has(k)) extra[k] ??= body[k];

  const chat: ChatRequest = {
    model: optionalString(body.model, 'model') ?? '',
    messages,
    stream: body.stream === true,
    // A Responses stream always ends with usage in response.completed.
    includeUsage: true,
    maxTokens: optionalNumber(body.max_output_tokens, 'max_output_tokens'),
    temperature: optionalNumber(body.temperature, 'temperature'),
    topP: optionalNumber(body.top_p, 'top_p'),
    topK: optionalNumber(body.top_k, 'top_k'),
    user: optionalString(body.user, 'user'),
    metadata: isRecord(body.metadata) ? body.metadata : undefined,
    extra: Object.keys(extra).length ? { openai: extra } : {},
  };
  if (tools.tools.length) chat.tools = tools.tools;
  if (choice.choice) chat.toolChoice = choice.choice;
  if (typeof body.parallel_tool_calls === 'boolean')
    chat.parallelToolCalls = body.parallel_tool_calls;
  const format = text.format ? expectObject(text.format, 'text.format') : undefined;
  if (format) chat.responseFormat = decodeTextFormat(format);
  if (body.reasoning) {
    const r = expectObject(body.reasoning, 'reasoning');
    const summary = optionalString(r.summary ?? r.generate_summary, 'reasoning.summary');
    chat.reasoning = {
      ...(r.effort ? { effort: String(r.effort) } : {}),
      ...(r.effort === 'none' ? { disabled: true } : {}),
      ...(summary ? { summary, includeThoughts: summary !== 'none' } : {}),
    };
  }
  const include = body.include ?? [];
  if (!Array.isArray(include) || !include.every((s) => typeof s === 'string'))
    throw new InvalidRequest('must be an array of strings', 'include');
  return {
    chat,
    options: {
      store: body.store !== false,
      previousResponseId: optionalString(body.previous_response_id, 'previous_response_id'),
      include,
      instructions,
      toolOrigins: tools.origins,
      hostedTools: tools.hosted,
      forcedHostedTool: choice.forcedHosted,
      textFormat: format,
      rawToolChoice: body.tool_choice,
      rawTools: Array.isArray(body.tools) ? body.tools : undefined,
      truncation: optionalString(body.truncation, 'truncation'),
      unresolvedReferences,
    },
  };
}

function decodeTextFormat(f: Record<string, unknown>): ResponseFormat {
  switch (f.type) {
    case 'text':
      return { type: 'text' };
    case 'json_object':
      return { type: 'json_object' };
    case 'json_schema':
      if (typeof f.name !== 'string') throw new InvalidRequest('is required', 'text.format.name');
      return {
        type: 'json_schema',
        name: f.name,
        schema: expectObject(f.schema, 'text.format.schema'),
        ...(typeof f.strict === 'boolean' ? { strict: f.strict } : {}),
        ...(f.description ? { description: String(f.description) } : {}),
      };
    default:
      throw new InvalidRequest(`unsupported type '${f.type}'`, 'text.format.type');
  }
}

export function encodeTextFormat(f: ResponseFormat): Record<string, unknown> {
  if (f.type !== 'json_schema') return { type: f.type };
  return {
    type: 'json_schema',
    name: f.name,
    schema: f.schema,
    ...(f.strict !== undefined ? { strict: f.strict } : {}),
    ...(f.description ? { description: f.description } : {}),
  };
}

// ---- encode: canonical → Responses body (for a provider that only speaks Responses) ----

export function encodeResponsesRequest(
  req: ChatRequest,
  model: string,
  options?: Partial<ResponsesOptions>,
): Record<string, unknown> {
  const origins = options?.toolOrigins ?? {};
  const messages = [...req.messages];
  const body: Record<string, unknown> = { model };
  const first = messages[0];
  if (options?.instructions !== undefined && first?.role === 'system') {
    body.instructions = first.content.map((p) => (p.type === 'text' ? p.text : '')).join('');
    messages.shift();
  }
  body.input = encodeInput(messages, origins);
  if (req.tools?.length || options?.hostedTools?.length)
    body.tools = encodeTools(req.tools ?? [], origins, options?.hostedTools);
  if (req.toolChoice) body.tool_choice = encodeToolChoice(req.toolChoice, origins);
  if (req.parallelToolCalls !== undefined) body.parallel_tool_calls = req.parallelToolCalls;
  if (req.responseFormat) body.text = { format: encodeTextFormat(req.responseFormat) };
  if (req.maxTokens !== undefined) body.max_output_tokens = req.maxTokens;
  if (req.temperature !== undefined) body.temperature = req.temperature;
  if (req.topP !== undefined) body.top_p = req.topP;
  if (req.user) body.user = req.user;
  if (req.metadata) body.metadata = req.metadata;
  if (req.reasoning && (req.reasoning.effort || req.reasoning.summary)) {
    body.reasoning = {
      ...(req.reasoning.effort ? { effort: openAIEffort(req.reasoning.effort) } : {}),
      ...(req.reasoning.summary ? { summary: req.reasoning.summary } : {}),
    };
  }
  if (req.stream) body.stream = true;
  if (options?.store === false) body.store = false;
  if (options?.previousResponseId) body.previous_response_id = options.previousResponseId;
  if (options?.include?.length) body.include = options.include;
  const { verbosity, ...rest } = req.extra.openai ?? {};
  if (verbosity) body.text = { ...((body.text as object) ?? {}), verbosity };
  return { ...body, ...rest };
}
