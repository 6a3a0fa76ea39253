import type { ChatRequest, Message, ReasoningConfig, ResponseFormat } from '../canonical';
import {
  expectArray,
  expectObject,
  InvalidRequest,
  optionalNumber,
  optionalString,
  stopSequences,
} from '../invalid-request';
import { isRecord } from '../is-record';
import { decodeContent } from './content';
import { decodeToolChoice, decodeTools, encodeToolChoice, encodeTools } from './tools';
import { encodeTurns } from './turns';
import type { Thinking, Turn } from './wire';

// Anthropic Messages request ↔ canonical.

/** Fields decoded into canonical ones; everything else rides along in extra.anthropic. */
const KNOWN = new Set([
  'model',
  'max_tokens',
  'messages',
  'system',
  'tools',
  'tool_choice',
  'thinking',
  'output_config',
  'stop_sequences',
  'temperature',
  'top_p',
  'top_k',
  'metadata',
  'stream',
]);

/** What Anthropic requires and other dialects may omit. */
export const DEFAULT_MAX_TOKENS = 4096;
const MIN_THINKING_BUDGET = 1024;

export interface DecodeMessagesOptions {
  /** count_tokens bodies have no max_tokens. */
  requireMaxTokens?: boolean;
}

export function decodeMessagesRequest(
  raw: unknown,
  options: DecodeMessagesOptions = {},
): ChatRequest {
  const body = expectObject(raw, 'body');
  const maxTokens = optionalNumber(body.max_tokens, 'max_tokens');
  if (maxTokens === undefined && options.requireMaxTokens !== false)
    throw new InvalidRequest('is required', 'max_tokens');
  const extra: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(body)) if (!KNOWN.has(k) && v !== undefined) extra[k] = v;

  const messages: Message[] = [];
  // One system message per block: dialects with plain-string system prompts keep them apart.
  if (body.system !== undefined && body.system !== null)
    for (const part of decodeContent(body.system, 'system'))
      messages.push({ role: 'system', content: [part] });
  const turns = expectArray(body.messages, 'messages');
  if (turns.length === 0) throw new InvalidRequest('must contain at least one message', 'messages');
  turns.forEach((value, i) => {
    const m = expectObject(value, `messages[${i}]`);
    if (m.role !== 'user' && m.role !== 'assistant' && m.role !== 'system')
      throw new InvalidRequest(`unknown role '${m.role}'`, `messages[${i}].role`);
    if (m.content === undefined) throw new InvalidRequest('is required', `messages[${i}].content`);
    messages.push({ role: m.role, content: decodeContent(m.content, `messages[${i}].content`) });
  });

  const req: ChatRequest = {
    model: optionalString(body.model, 'model') ?? '',
    messages,
    stream: body.stream === true,
    maxTokens,
    temperature: optionalNumber(body.temperature, 'temperature'),
    topP: optionalNumber(body.top_p, 'top_p'),
    topK: optionalNumber(body.top_k, 'top_k'),
    stop: stopSequences(body.stop_sequences, 'stop_sequences'),
    extra: {},
  };
  if (body.metadata !== undefined && body.metadata !== null)
    req.metadata = expectObject(body.metadata, 'metadata');
  if (body.tools !== undefined && body.tools !== null) {
    const { tools, serverTools } = decodeTools(body.tools);
    req.tools = tools;
    if (serverTools.length) extra.tools = serverTools;
  }
  if (body.tool_choice !== undefined && body.tool_choice !== null)
    Object.assign(req, decodeToolChoice(body.tool_choice));
  const reasoning = decodeThinking(body.thinking, extra);
  if (body.output_config !== undefined && body.output_config !== null) {
    const { effort, format, ...rest } = expectObject(body.output_config, 'output_config');
    if (typeof effort === 'string') reasoning.effort = effort;
    if (format !== undefined && format !== null) req.responseFormat = decodeOutputFormat(format);
    if (Object.keys(rest).length) extra.output_config = rest;
  }
  if (Object.keys(reasoning).length) req.reasoning = reasoning;
  if (Object.keys(extra).length) req.extra.anthropic = extra;
  return req;
}

function decodeThinking(raw: unknown, extra: Record<string, unknown>): ReasoningConfig {
  if (raw === undefined || raw === null) return {};
  const t = expectObject(raw, 'thinking');
  switch (t.type) {
    case 'enabled': {
      const budget = optionalNumber(t.budget_tokens, 'thinking.budget_tokens');
      if (budget === undefined)
        throw new InvalidRequest('is required when thinking is enabled', 'thinking.budget_tokens');
      return { budgetTokens: budget };
    }
    case 'adaptive':
      return { adaptive: true };
    case 'disabled':
      return { disabled: true };
    default:
      // A thinking mode the canonical form does not know: only an Anthropic provider can use it.
      extra.thinking = t;
      return {};
  }
}

function decodeOutputFormat(raw: unknown): ResponseFormat {
  const f = expectObject(raw, 'output_config.format');
  if (f.type !== 'json_schema')
    throw new InvalidRequest(`unsupported type '${f.type}'`, 'output_config.format.type');
  return {
    type: 'json_schema',
    name: 'response',
    schema: expectObject(f.schema, 'output_config.format.schema'),
  };
}

// ---- encode: canonical → Anthropic body ----

export interface EncodeMessagesOptions {
  /** The upstream model; left out of the body when undefined (Vertex puts it in the URL). */
  model?: string;
  /** Vertex wants `anthropic_version` in the body instead of a header. */
  anthropicVersion?: string;
  /** Keep system messages after the first turn in place (API 2026-10-21 or its beta). */
  inlineSystem?: boolean;
}

export function encodeMessagesRequest(
  req: ChatRequest,
  options: EncodeMessagesOptions = {},
): Record<string, unknown> {
  const { system, messages } = encodeTurns(req.messages, options.inlineSystem === true);
  const body: Record<string, unknown> = {};
  if (options.model !== undefined) body.model = options.model;
  if (options.anthropicVersion !== undefined) body.anthropic_version = options.anthropicVersion;
  const thinking = encodeThinking(req.reasoning);
  body.max_tokens = maxTokensFor(req, thinking);
  body.messages = messages;
  const systemWithFormat = withJsonObjectHint(system, req.responseFormat);
  if (systemWithFormat !== undefined) body.system = systemWithFormat;
  if (req.tools?.length) body.tools = encodeTools(req.tools);
  const toolChoice = encodeToolChoice(req);
  if (toolChoice && (req.tools?.length || req.extra.anthropic?.tools))
    body.tool_choice = toolChoice;
  if (thinking) body.thinking = thinking;
  const outputConfig = encodeOutputConfig(req);
  if (outputConfig) body.output_config = outputConfig;
  if (req.stop?.length) body.stop_sequences = req.stop;
  // With thinking on, Anthropic rejects temperature, top_k and a top_p below 0.95: leave them out.
  if (thinking?.type !== 'enabled' && thinking?.type !== 'adaptive') {
    // Anthropic caps temperature at 1 where OpenAI allows 2.
    if (req.temperature !== undefined) body.temperature = Math.min(req.temperature, 1);
    if (req.topP !== undefined) body.top_p = req.topP;
    if (req.topK !== undefined) body.top_k = req.topK;
  }
  const userId = typeof req.metadata?.user_id === 'string' ? req.metadata.user_id : req.user;
  if (userId) body.metadata = { user_id: userId };
  if (req.stream) body.stream = true;
  return mergeExtra(body, req.extra.anthropic);
}

function encodeThinking(reasoning: ReasoningConfig | undefined): Thinking | undefined {
  if (!reasoning) return undefined;
  if (reasoning.disabled) return { type: 'disabled' };
  if (reasoning.adaptive) return { type: 'adaptive' };
  if (reasoning.budgetTokens !== undefined)
    return {
      type: 'enabled',
      budget_tokens: Math.max(reasoning.budgetTokens, MIN_THINKING_BUDGET),
    };
  return undefined;
}

/** max_tokens is required, and must exceed the thinking budget. */
function maxTokensFor(req: ChatRequest, thinking: Thinking | undefined): number {
  const max = req.maxTokens ?? DEFAULT_MAX_TOKENS;
  const budget = thinking?.type === 'enabled' ? thinking.budget_tokens : 0;
  return budget >= max ? budget + max : max;
}

/** Anthropic efforts are low…max; OpenAI's none/minimal have no counterpart. */
function encodeEffort(effort: string | undefined): string | undefined {
  if (!effort || effort === 'none') return undefined;
  return effort === 'minimal' ? 'low' : effort;
}

function encodeOutputConfig(req: ChatRequest): Record<string, unknown> | undefined {
  const config: Record<string, unknown> = {};
  const effort = encodeEffort(req.reasoning?.effort);
  if (effort) config.effort = effort;
  if (req.responseFormat?.type === 'json_schema')
    config.format = { type: 'json_schema', schema: req.responseFormat.schema };
  return Object.keys(config).length ? config : undefined;
}

/** Anthropic has no JSON mode: json_object becomes an instruction. */
function withJsonObjectHint(
  system: Turn['content'] | undefined,
  format: ResponseFormat | undefined,
): Turn['content'] | undefined {
  if (format?.type !== 'json_object') return system;
  const hint = 'Respond only with a single valid JSON object.';
  if (system === undefined) return hint;
  return typeof system === 'string'
    ? `${system}\n\n${hint}`
    : [...system, { type: 'text', text: hint }];
}

/**
 * Caller fields the canonical form does not model go back in: lists are appended (server
 * tools after function tools), objects merged (output_config), anything else set.
 */
function mergeExtra(
  body: Record<string, unknown>,
  extra: Record<string, unknown> | undefined,
): Record<string, unknown> {
  if (!extra) return body;
  for (const [key, value] of Object.entries(extra)) {
    const current = body[key];
    if (Array.isArray(current) && Array.isArray(value)) body[key] = [...current, ...value];
    else if (isRecord(current) && isRecord(value)) body[key] = { ...current, ...value };
    else body[key] = value;
  }
  return body;
}
