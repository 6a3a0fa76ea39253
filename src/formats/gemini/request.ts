import type { ChatRequest, ContentPart, Message } from '../canonical';
import { expectArray, expectObject, InvalidRequest } from '../invalid-request';
import { isRecord } from '../is-record';
import { syntheticCallId } from './call-ids';
import { field, isField } from './fields';
import {
  decodeGenerationConfig,
  encodeGenerationConfig,
  type GeminiEncodeOptions,
} from './generation-config';
import { decodeParts, encodeParts, type CallIds } from './parts';
import type { Content, Part } from './wire';
import { decodeToolConfig, decodeTools, encodeToolConfig, encodeTools } from './tools';

// GenerateContentRequest ↔ canonical. The model and whether to stream are in the URL, not the body.

export interface GeminiRequestContext {
  /** The {m} of …/models/{m}:generateContent. */
  model: string;
  /** :streamGenerateContent rather than :generateContent. */
  stream: boolean;
}

const MODELED = [
  'contents',
  'systemInstruction',
  'tools',
  'toolConfig',
  'generationConfig',
  'model',
];

export function decodeGeminiRequest(raw: unknown, ctx: GeminiRequestContext): ChatRequest {
  const body = expectObject(raw, 'body');
  const contents = expectArray(field(body, 'contents'), 'contents');
  if (contents.length === 0)
    throw new InvalidRequest('must contain at least one content', 'contents');
  const ids = requestCallIds();
  const messages: Message[] = [];
  const system = field(body, 'systemInstruction');
  if (system !== undefined && system !== null) {
    // Gemini CLI sends it with role "user"; the role means nothing here.
    const content =
      typeof system === 'string'
        ? [{ type: 'text' as const, text: system }]
        : decodeParts(
            expectObject(system, 'systemInstruction').parts ?? [],
            'systemInstruction.parts',
            ids,
          );
    if (content.length) messages.push({ role: 'system', content });
  }
  contents.forEach((value, i) => {
    const c = expectObject(value, `contents[${i}]`);
    const role = c.role ?? 'user';
    if (role !== 'user' && role !== 'model' && role !== 'function')
      throw new InvalidRequest(
        `unknown role '${role}': use 'user' or 'model'`,
        `contents[${i}].role`,
      );
    const parts = decodeParts(c.parts ?? [], `contents[${i}].parts`, ids);
    if (role === 'model') messages.push({ role: 'assistant', content: parts });
    else messages.push(...splitUserTurn(parts));
  });

  const extra: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(body))
    if (!MODELED.some((m) => isField(k, m)) && v !== undefined) extra[k] = v;
  const { fields, rest } = decodeGenerationConfig(field(body, 'generationConfig'));
  if (Object.keys(rest).length) extra.generationConfig = rest;
  const request: ChatRequest = {
    model: ctx.model,
    messages,
    stream: ctx.stream,
    ...fields,
    extra: {},
  };
  const tools = field(body, 'tools');
  if (tools !== undefined && tools !== null) {
    const decoded = decodeTools(tools);
    if (decoded.tools.length) request.tools = decoded.tools;
    if (decoded.hosted.length) extra.tools = decoded.hosted;
  }
  const toolConfig = field(body, 'toolConfig');
  if (toolConfig !== undefined && toolConfig !== null) {
    const { choice, exact } = decodeToolConfig(toolConfig);
    if (choice) request.toolChoice = choice;
    if (!exact) extra.toolConfig = toolConfig;
  }
  if (Object.keys(extra).length) request.extra = { gemini: extra };
  return request;
}

/**
 * Ids for the calls and results of one request. Calls without an id get a stable one by
 * position; a result without an id answers the earliest open call of the same name.
 */
function requestCallIds(): CallIds {
  let n = 0;
  const open: Array<{ id: string; name: string }> = [];
  return {
    call(given, name) {
      const id = given ?? syntheticCallId(String(n++));
      open.push({ id, name });
      return id;
    },
    result(given, name) {
      let at = given ? open.findIndex((o) => o.id === given) : -1;
      if (at < 0) at = open.findIndex((o) => o.name === name);
      if (at >= 0) return open.splice(at, 1)[0].id;
      return given ?? syntheticCallId(`${name}_${n++}`);
    },
  };
}

/** A Gemini user turn holds function responses and user parts; canonical keeps them apart, in order. */
function splitUserTurn(parts: ContentPart[]): Message[] {
  const out: Message[] = [];
  for (const p of parts) {
    const role = p.type === 'tool_result' ? 'tool' : 'user';
    const last = out.at(-1);
    if (last?.role === role) last.content.push(p);
    else out.push({ role, content: [p] });
  }
  return out;
}

// ---- encode: canonical → GenerateContentRequest (no model: it goes in the URL) ----

export function encodeGeminiRequest(
  req: ChatRequest,
  options: GeminiEncodeOptions = {},
): Record<string, unknown> {
  const names = new Map<string, string>();
  for (const m of req.messages)
    for (const p of m.content) if (p.type === 'tool_call') names.set(p.id, p.name);
  const partsOptions = { names, toProvider: true };
  const systemParts: Part[] = [];
  const contents: Content[] = [];
  for (const m of req.messages) {
    const parts = encodeParts(m.content, partsOptions);
    if (m.role === 'system') {
      // Gemini has one system instruction: every system message joins it, in order.
      systemParts.push(...parts);
      continue;
    }
    if (!parts.length) continue;
    const role = m.role === 'assistant' ? 'model' : 'user';
    const last = contents.at(-1);
    if (last?.role === role) last.parts.push(...parts);
    else contents.push({ role, parts });
  }
  const body: Record<string, unknown> = { contents };
  if (systemParts.length) body.systemInstruction = { parts: systemParts };

  const {
    generationConfig: extraGeneration,
    tools: hostedTools,
    ...extra
  } = req.extra.gemini ?? {};
  const tools = [
    ...encodeTools(req.tools ?? [], options),
    ...(Array.isArray(hostedTools) ? hostedTools : []),
  ];
  if (tools.length) body.tools = tools;
  if (req.toolChoice && req.tools?.length) body.toolConfig = encodeToolConfig(req.toolChoice);
  const generation = {
    ...encodeGenerationConfig(req, options),
    ...openAIPenalties(req.extra.openai),
    ...(isRecord(extraGeneration) ? extraGeneration : {}),
  };
  if (Object.keys(generation).length) body.generationConfig = generation;
  return { ...body, ...extra };
}

/** OpenAI's penalties have Gemini equivalents; the rest of an OpenAI caller's extras do not. */
function openAIPenalties(extra: Record<string, unknown> | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (typeof extra?.presence_penalty === 'number') out.presencePenalty = extra.presence_penalty;
  if (typeof extra?.frequency_penalty === 'number') out.frequencyPenalty = extra.frequency_penalty;
  return out;
}
