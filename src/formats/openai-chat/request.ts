import type {
  CacheControl,
  ChatRequest,
  ContentPart,
  ImagePart,
  Message,
  ReasoningPart,
  ResponseFormat,
  TextPart,
  ToolChoice,
  ToolDefinition,
} from '../canonical';
import {
  expectArray,
  expectObject,
  InvalidRequest,
  optionalNumber,
  optionalString,
  stopSequences,
} from '../invalid-request';
import { decodeCacheControl } from '../anthropic-messages/cache-control';
import { imageFromUrl, imageUrlOf } from '../images';
import { isRecord } from '../is-record';

// OpenAI Chat Completions request → canonical (request-encode.ts is the way back).

/** Fields decoded into canonical ones; everything else rides along in extra.openai. */
const KNOWN = new Set([
  'model',
  'messages',
  'tools',
  'tool_choice',
  'parallel_tool_calls',
  'response_format',
  'max_tokens',
  'max_completion_tokens',
  'temperature',
  'top_p',
  'top_k',
  'stop',
  'n',
  'seed',
  'reasoning_effort',
  'thinking',
  'stream',
  'stream_options',
  'user',
  'metadata',
  'functions',
  'function_call',
]);

export function decodeChatRequest(raw: unknown): ChatRequest {
  const body = expectObject(raw, 'body');
  const messages = expectArray(body.messages, 'messages').map((m, i) =>
    decodeMessage(m, `messages[${i}]`),
  );
  if (messages.length === 0)
    throw new InvalidRequest('must contain at least one message', 'messages');
  const extra: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(body)) if (!KNOWN.has(k) && v !== undefined) extra[k] = v;
  const request: ChatRequest = {
    model: optionalString(body.model, 'model') ?? '',
    messages,
    stream: body.stream === true,
    includeUsage: wantsUsage(body.stream_options),
    maxTokens:
      optionalNumber(body.max_completion_tokens, 'max_completion_tokens') ??
      optionalNumber(body.max_tokens, 'max_tokens'),
    temperature: optionalNumber(body.temperature, 'temperature'),
    topP: optionalNumber(body.top_p, 'top_p'),
    topK: optionalNumber(body.top_k, 'top_k'),
    stop: stopSequences(body.stop, 'stop'),
    n: optionalNumber(body.n, 'n'),
    seed: optionalNumber(body.seed, 'seed'),
    user: optionalString(body.user, 'user'),
    metadata: isRecord(body.metadata) ? body.metadata : undefined,
    extra: Object.keys(extra).length ? { openai: extra } : {},
  };
  const tools =
    body.tools ??
    (Array.isArray(body.functions)
      ? body.functions.map((f: unknown) => ({ type: 'function', function: f }))
      : body.functions);
  if (tools !== undefined && tools !== null)
    request.tools = expectArray(tools, 'tools').map((t, i) => decodeTool(t, `tools[${i}]`));
  const choice = body.tool_choice ?? legacyFunctionCall(body.function_call);
  if (choice !== undefined && choice !== null) request.toolChoice = decodeToolChoice(choice);
  if (typeof body.parallel_tool_calls === 'boolean')
    request.parallelToolCalls = body.parallel_tool_calls;
  if (body.response_format) request.responseFormat = decodeResponseFormat(body.response_format);
  if (body.reasoning_effort) request.reasoning = { effort: String(body.reasoning_effort) };
  if (isRecord(body.thinking)) {
    // Anthropic-style thinking on the OpenAI route (LiteLLM and others accept it).
    const t = body.thinking;
    request.reasoning = {
      ...request.reasoning,
      ...(t.type === 'enabled'
        ? { budgetTokens: optionalNumber(t.budget_tokens, 'thinking.budget_tokens') }
        : {}),
      ...(t.type === 'adaptive' ? { adaptive: true } : {}),
      ...(t.type === 'disabled' ? { disabled: true } : {}),
    };
  }
  return request;
}

function legacyFunctionCall(value: unknown): unknown {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value;
  return { type: 'function', function: value };
}

/** `stream_options.include_usage`, the same on chat and legacy completions. */
export function wantsUsage(streamOptions: unknown): boolean {
  return isRecord(streamOptions) && streamOptions.include_usage === true;
}

/** Anthropic's cache_control mark, which OpenAI-route clients (LiteLLM's) send on parts, messages and tools. */
const cacheControlOf = (value: Record<string, unknown>) => decodeCacheControl(value).cacheControl;

function withCache<T extends ContentPart>(part: T, cache: CacheControl | undefined): T {
  return cache ? { ...part, cacheControl: cache } : part;
}

function decodeMessage(raw: unknown, param: string): Message {
  const m = expectObject(raw, param);
  switch (m.role) {
    case 'system':
    case 'developer':
      return { role: 'system', content: decodeUserContent(m.content, `${param}.content`, true) };
    case 'user':
      return { role: 'user', content: decodeUserContent(m.content, `${param}.content`, false) };
    case 'assistant':
      return { role: 'assistant', content: decodeAssistantContent(m, param) };
    case 'tool':
      if (typeof m.tool_call_id !== 'string')
        throw new InvalidRequest('is required on tool messages', `${param}.tool_call_id`);
      return {
        role: 'tool',
        content: [
          {
            type: 'tool_result',
            callId: m.tool_call_id,
            content: decodeUserContent(m.content, `${param}.content`, true) as TextPart[],
            ...(cacheControlOf(m) ? { cacheControl: cacheControlOf(m) } : {}),
          },
        ],
      };
    case 'function':
      return {
        role: 'tool',
        content: [
          {
            type: 'tool_result',
            callId: String(m.name),
            ...(typeof m.name === 'string' ? { name: m.name } : {}),
            content: decodeUserContent(m.content, `${param}.content`, true) as TextPart[],
          },
        ],
      };
    default:
      throw new InvalidRequest(`unknown role '${m.role}'`, `${param}.role`);
  }
}

function decodeUserContent(
  content: unknown,
  param: string,
  textOnly: boolean,
): Array<TextPart | ImagePart | ContentPart> {
  if (content === null || content === undefined) return [];
  if (typeof content === 'string') return [{ type: 'text', text: content }];
  return expectArray(content, param).map((raw, i): ContentPart => {
    const p = expectObject(raw, `${param}[${i}]`);
    const cache = cacheControlOf(p);
    switch (p.type) {
      case 'text':
      case 'input_text':
        if (typeof p.text !== 'string')
          throw new InvalidRequest('must be a string', `${param}[${i}].text`);
        return withCache({ type: 'text', text: p.text }, cache);
      case 'image_url': {
        if (textOnly) throw new InvalidRequest('images are not allowed here', `${param}[${i}]`);
        const url = imageUrlOf(p.image_url);
        if (url === undefined)
          throw new InvalidRequest('must have a url', `${param}[${i}].image_url`);
        const detail = isRecord(p.image_url) ? p.image_url.detail : undefined;
        return withCache(
          { ...imageFromUrl(url), ...(typeof detail === 'string' && detail ? { detail } : {}) },
          cache,
        );
      }
      case 'file': {
        const file = isRecord(p.file) ? p.file : {};
        if (typeof file.file_data !== 'string')
          throw new InvalidRequest('only inline file_data is supported', `${param}[${i}].file`);
        const image = imageFromUrl(file.file_data);
        return withCache(
          {
            type: 'document',
            source: image.source,
            filename: typeof file.filename === 'string' ? file.filename : undefined,
          },
          cache,
        );
      }
      default:
        throw new InvalidRequest(
          `unsupported content part type '${p.type}'`,
          `${param}[${i}].type`,
        );
    }
  });
}

function decodeAssistantContent(m: Record<string, unknown>, param: string): ContentPart[] {
  const parts: ContentPart[] = [];
  // Reasoning echoed back in LiteLLM's shape keeps its signature for Anthropic round trips.
  if (Array.isArray(m.thinking_blocks)) {
    for (const b of m.thinking_blocks) {
      if (!isRecord(b)) continue;
      if (b.type === 'redacted_thinking')
        parts.push({ type: 'reasoning', text: '', redacted: String(b.data ?? '') });
      else if (b.type === 'thinking')
        parts.push(
          withCache<ReasoningPart>(
            {
              type: 'reasoning',
              text: String(b.thinking ?? ''),
              ...(typeof b.signature === 'string' && b.signature ? { signature: b.signature } : {}),
            },
            cacheControlOf(b),
          ),
        );
    }
  } else if (typeof m.reasoning_content === 'string' && m.reasoning_content) {
    parts.push({ type: 'reasoning', text: m.reasoning_content });
  }
  parts.push(...(decodeUserContent(m.content, `${param}.content`, true) as TextPart[]));
  const legacyCall = m.function_call
    ? [
        {
          id: isRecord(m.function_call) ? m.function_call.name : undefined,
          type: 'function',
          function: m.function_call,
        },
      ]
    : undefined;
  const calls = m.tool_calls ?? legacyCall;
  if (calls) {
    expectArray(calls, `${param}.tool_calls`).forEach((raw, i) => {
      const c = expectObject(raw, `${param}.tool_calls[${i}]`);
      const fn = expectObject(c.function, `${param}.tool_calls[${i}].function`);
      if (typeof fn.name !== 'string')
        throw new InvalidRequest('must be a string', `${param}.tool_calls[${i}].function.name`);
      const args =
        typeof fn.arguments === 'string' ? fn.arguments : JSON.stringify(fn.arguments ?? {});
      parts.push(
        withCache(
          { type: 'tool_call', id: String(c.id ?? `call_${i}`), name: fn.name, arguments: args },
          cacheControlOf(c),
        ),
      );
    });
  }
  return parts;
}

function decodeTool(raw: unknown, param: string): ToolDefinition {
  const t = expectObject(raw, param);
  if (t.type !== 'function')
    throw new InvalidRequest(`unsupported tool type '${t.type}'`, `${param}.type`);
  const fn = expectObject(t.function, `${param}.function`);
  if (typeof fn.name !== 'string' || !fn.name)
    throw new InvalidRequest('must be a non-empty string', `${param}.function.name`);
  const tool: ToolDefinition = { name: fn.name };
  if (fn.description) tool.description = String(fn.description);
  if (fn.parameters) tool.parameters = expectObject(fn.parameters, `${param}.function.parameters`);
  if (typeof fn.strict === 'boolean') tool.strict = fn.strict;
  const cache = cacheControlOf(t) ?? cacheControlOf(fn);
  if (cache) tool.cacheControl = cache;
  return tool;
}

export function decodeToolChoice(choice: unknown): ToolChoice {
  if (choice === 'auto' || choice === 'none' || choice === 'required') return choice;
  const named = isRecord(choice)
    ? ((isRecord(choice.function) ? choice.function.name : undefined) ?? choice.name)
    : undefined;
  if (typeof named === 'string') return { name: named };
  throw new InvalidRequest(
    'must be auto, none, required or {type: "function", function: {name}}',
    'tool_choice',
  );
}

function decodeResponseFormat(raw: unknown): ResponseFormat {
  const format: Record<string, unknown> = isRecord(raw) ? raw : {};
  switch (format.type) {
    case 'text':
      return { type: 'text' };
    case 'json_object':
      return { type: 'json_object' };
    case 'json_schema': {
      const js = expectObject(format.json_schema, 'response_format.json_schema');
      return {
        type: 'json_schema',
        name: String(js.name ?? 'response'),
        schema:
          js.schema === undefined || js.schema === null
            ? {}
            : expectObject(js.schema, 'response_format.json_schema.schema'),
        ...(typeof js.strict === 'boolean' ? { strict: js.strict } : {}),
        ...(typeof js.description === 'string' && js.description
          ? { description: js.description }
          : {}),
      };
    }
    default:
      throw new InvalidRequest(`unsupported type '${format.type}'`, 'response_format.type');
  }
}
