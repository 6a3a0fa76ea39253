import { jsonResponse, sseResponse, type FakeHandler } from './router';

// A fake Anthropic Messages server that checks what api.anthropic.com checks: x-api-key,
// anthropic-version, max_tokens, alternating roles starting with user, tool_result answering
// the previous assistant's tool_use, no empty text, thinking budget < max_tokens, signed
// thinking blocks echoed unchanged, no unknown fields; streams real SSE with pings.

export interface FakeAnthropicReply {
  text?: string;
  toolCalls?: { name: string; input: Record<string, unknown> }[];
  /** A thinking block first (default: when the request enables thinking). */
  thinking?: string;
  stopReason?: string;
  stopSequence?: string;
  /** Stream an `event: error` after the first text delta. */
  failMidStream?: boolean;
  /** Answer with this error instead (e.g. a 429 with retry-after). */
  error?: { status: number; type: string; message: string; retryAfter?: string };
}

export interface FakeAnthropicOptions {
  apiKey: string;
  reply?: (body: any) => FakeAnthropicReply;
}

const KNOWN_FIELDS = new Set([
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
  'service_tier',
  'context_management',
  'container',
  'mcp_servers',
  'cache_control',
  'inference_geo',
  'speed',
]);

/** The signature the fake gives a thinking text; an echoed block must carry it unchanged. */
export const fakeSignature = (thinking: string) =>
  `sig_${btoa(unescape(encodeURIComponent(thinking))).slice(0, 24)}`;

const error = (status: number, message: string, type = 'invalid_request_error') =>
  jsonResponse({ type: 'error', error: { type, message }, request_id: 'req_fake' }, status, {
    'request-id': 'req_fake',
  });

export function fakeAnthropic(options: FakeAnthropicOptions): FakeHandler {
  return async (request) => {
    if (request.headers.get('x-api-key') !== options.apiKey)
      return error(401, 'invalid x-api-key', 'authentication_error');
    const version = request.headers.get('anthropic-version');
    if (!version) return error(400, 'anthropic-version: header is required');
    let body: any;
    try {
      body = await request.json();
    } catch {
      return error(400, 'There was an error parsing the body of your request.');
    }
    const path = new URL(request.url).pathname;
    const beta = request.headers.get('anthropic-beta') ?? '';
    const problem = validate(body, { countTokens: path.endsWith('/count_tokens'), version, beta });
    if (problem) return error(400, problem);
    if (path === '/v1/messages/count_tokens') return jsonResponse({ input_tokens: 42 });
    if (path !== '/v1/messages') return error(404, `Not found: ${path}`, 'not_found_error');
    const reply = options.reply?.(body) ?? { text: `echo: ${lastUserText(body.messages)}` };
    if (reply.error) {
      const { status, type, message, retryAfter } = reply.error;
      return jsonResponse(
        { type: 'error', error: { type, message }, request_id: 'req_fake' },
        status,
        retryAfter ? { 'retry-after': retryAfter } : {},
      );
    }
    return body.stream ? streamReply(body, reply) : jsonResponse(message(body, reply));
  };
}

function validate(
  body: any,
  ctx: { countTokens: boolean; version: string; beta: string },
): string | undefined {
  if (!body || typeof body !== 'object') return 'body: must be an object';
  for (const key of Object.keys(body))
    if (!KNOWN_FIELDS.has(key)) return `${key}: Extra inputs are not permitted`;
  if (typeof body.model !== 'string') return 'model: Field required';
  if (!ctx.countTokens && typeof body.max_tokens !== 'number') return 'max_tokens: Field required';
  if (typeof body.temperature === 'number' && (body.temperature < 0 || body.temperature > 1))
    return 'temperature: must be between 0 and 1';
  if (body.metadata && Object.keys(body.metadata).some((k) => k !== 'user_id'))
    return 'metadata: Extra inputs are not permitted';
  if (['enabled', 'adaptive'].includes(body.thinking?.type)) {
    if (body.temperature !== undefined && body.temperature !== 1)
      return '`temperature` may only be set to 1 when thinking is enabled';
    if (body.top_k !== undefined) return '`top_k` must be unset when thinking is enabled';
  }
  if (body.thinking?.type === 'enabled') {
    const budget = body.thinking.budget_tokens;
    if (typeof budget !== 'number' || budget < 1024)
      return 'thinking.enabled.budget_tokens: Input should be greater than or equal to 1024';
    if (!ctx.countTokens && budget >= body.max_tokens)
      return '`max_tokens` must be greater than `thinking.budget_tokens`';
  }
  if (body.system !== undefined) {
    const blocks =
      typeof body.system === 'string' ? [{ type: 'text', text: body.system }] : body.system;
    if (!Array.isArray(blocks) || blocks.some((b: any) => b.type !== 'text' || !b.text))
      return 'system: text content blocks must be non-empty';
  }
  for (const [i, tool] of (body.tools ?? []).entries()) {
    if (!tool.type && (typeof tool.name !== 'string' || !tool.input_schema))
      return `tools.${i}: name and input_schema are required`;
  }
  if (!Array.isArray(body.messages) || body.messages.length === 0)
    return 'messages: at least one message is required';
  const midConversationSystem =
    ctx.version >= '2026-10-21' || ctx.beta.includes('mid-conversation-system');
  let expected = 'user';
  let previousToolUses: string[] = [];
  for (const [i, m] of body.messages.entries()) {
    if (m.role === 'system') {
      if (!midConversationSystem || i === 0)
        return `messages.${i}.role: Input should be 'user' or 'assistant'`;
      continue;
    }
    if (m.role !== expected) {
      return expected === 'user' && i === 0
        ? 'messages: first message must use the "user" role'
        : 'messages: roles must alternate between "user" and "assistant"';
    }
    const blocks = typeof m.content === 'string' ? [{ type: 'text', text: m.content }] : m.content;
    if (!Array.isArray(blocks) || blocks.length === 0)
      return `messages.${i}: all messages must have non-empty content`;
    for (const b of blocks) {
      if (b.type === 'text' && !b.text)
        return `messages.${i}: text content blocks must be non-empty`;
      if (b.type === 'thinking' && b.signature !== fakeSignature(b.thinking))
        return `messages.${i}: Invalid \`signature\` in \`thinking\` block`;
      if (b.type === 'image' && !['base64', 'url'].includes(b.source?.type))
        return `messages.${i}: invalid image source`;
      if (b.type === 'tool_use' && !/^[a-zA-Z0-9_-]+$/.test(b.id))
        return `messages.${i}: tool_use.id: String should match pattern '^[a-zA-Z0-9_-]+$'`;
    }
    const results = blocks.filter((b: any) => b.type === 'tool_result');
    if (m.role === 'user') {
      for (const r of results) {
        if (!previousToolUses.includes(r.tool_use_id))
          return `messages.${i}: unexpected \`tool_use_id\` found in \`tool_result\` blocks: ${r.tool_use_id}`;
      }
      const missing = previousToolUses.filter(
        (id) => !results.some((r: any) => r.tool_use_id === id),
      );
      if (missing.length)
        return `messages.${i}: \`tool_use\` ids were found without \`tool_result\` blocks immediately after: ${missing.join(', ')}`;
      const kinds = blocks.map((b: any) => b.type === 'tool_result');
      if (kinds.lastIndexOf(true) > kinds.indexOf(false) && kinds.includes(false))
        return `messages.${i}: tool_result blocks must come first in the user turn`;
    }
    previousToolUses =
      m.role === 'assistant'
        ? blocks.filter((b: any) => b.type === 'tool_use').map((b: any) => b.id)
        : [];
    expected = m.role === 'user' ? 'assistant' : 'user';
  }
  return undefined;
}

function usesCache(body: any): boolean {
  return JSON.stringify(body).includes('"cache_control"');
}

function usage(body: any) {
  const cached = usesCache(body);
  return {
    input_tokens: 21,
    cache_creation_input_tokens: cached ? 20 : 0,
    cache_read_input_tokens: cached ? 100 : 0,
    output_tokens: 9,
  };
}

function contentBlocks(body: any, reply: FakeAnthropicReply): any[] {
  const blocks: any[] = [];
  const thinking =
    reply.thinking ??
    (['enabled', 'adaptive'].includes(body.thinking?.type)
      ? 'Let me think about this.'
      : undefined);
  if (thinking) blocks.push({ type: 'thinking', thinking, signature: fakeSignature(thinking) });
  if (reply.text) blocks.push({ type: 'text', text: reply.text });
  (reply.toolCalls ?? []).forEach((c, i) =>
    blocks.push({
      type: 'tool_use',
      id: `toolu_${i}${Math.random().toString(36).slice(2, 10)}`,
      name: c.name,
      input: c.input,
    }),
  );
  return blocks;
}

function stopReason(reply: FakeAnthropicReply): string {
  return (
    reply.stopReason ??
    (reply.toolCalls?.length ? 'tool_use' : reply.stopSequence ? 'stop_sequence' : 'end_turn')
  );
}

function message(body: any, reply: FakeAnthropicReply) {
  return {
    id: 'msg_fake123',
    type: 'message',
    role: 'assistant',
    model: body.model,
    content: contentBlocks(body, reply),
    stop_reason: stopReason(reply),
    stop_sequence: reply.stopSequence ?? null,
    usage: usage(body),
  };
}

function streamReply(body: any, reply: FakeAnthropicReply): Response {
  const frame = (type: string, data: Record<string, unknown>) =>
    `event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`;
  const u = usage(body);
  const frames = [
    frame('message_start', {
      message: {
        ...message(body, reply),
        content: [],
        stop_reason: null,
        stop_sequence: null,
        usage: { ...u, output_tokens: 1 },
      },
    }),
    frame('ping', {}),
  ];
  contentBlocks(body, reply).forEach((block, index) => {
    if (block.type === 'thinking') {
      frames.push(
        frame('content_block_start', {
          index,
          content_block: { type: 'thinking', thinking: '', signature: '' },
        }),
      );
      for (const piece of chunks(block.thinking, 6))
        frames.push(
          frame('content_block_delta', {
            index,
            delta: { type: 'thinking_delta', thinking: piece },
          }),
        );
      frames.push(
        frame('content_block_delta', {
          index,
          delta: { type: 'signature_delta', signature: block.signature },
        }),
      );
    } else if (block.type === 'text') {
      frames.push(
        frame('content_block_start', { index, content_block: { type: 'text', text: '' } }),
      );
      chunks(block.text, 4).forEach((piece, i) => {
        frames.push(
          frame('content_block_delta', { index, delta: { type: 'text_delta', text: piece } }),
        );
        if (i === 0 && reply.failMidStream)
          frames.push(
            frame('error', { error: { type: 'overloaded_error', message: 'Overloaded' } }),
          );
      });
    } else {
      frames.push(
        frame('content_block_start', {
          index,
          content_block: { type: 'tool_use', id: block.id, name: block.name, input: {} },
        }),
      );
      frames.push(
        frame('content_block_delta', {
          index,
          delta: { type: 'input_json_delta', partial_json: '' },
        }),
      );
      const json = JSON.stringify(block.input);
      for (const piece of chunks(json, Math.ceil(json.length / 3)))
        frames.push(
          frame('content_block_delta', {
            index,
            delta: { type: 'input_json_delta', partial_json: piece },
          }),
        );
    }
    frames.push(frame('content_block_stop', { index }));
  });
  frames.push(
    frame('message_delta', {
      delta: { stop_reason: stopReason(reply), stop_sequence: reply.stopSequence ?? null },
      usage: { output_tokens: u.output_tokens },
    }),
  );
  frames.push(frame('message_stop', {}));
  if (reply.failMidStream)
    return sseResponse(frames.slice(0, frames.findIndex((f) => f.startsWith('event: error')) + 1));
  return sseResponse(frames);
}

function chunks(text: string, size: number): string[] {
  return text.match(new RegExp(`[\\s\\S]{1,${Math.max(size, 1)}}`, 'g')) ?? [];
}

export function lastUserText(messages: any[]): string {
  const last = [...messages].reverse().find((m) => m.role === 'user');
  if (!last) return '';
  if (typeof last.content === 'string') return last.content;
  return last.content
    .map((b: any) =>
      b.type === 'text'
        ? b.text
        : b.type === 'tool_result'
          ? `[result ${typeof b.content === 'string' ? b.content : JSON.stringify(b.content)}]`
          : '',
    )
    .join('');
}

/** A reply for tool round trips: a tool call when tools are offered, the tool's answer once it came back. */
export function weatherBot(body: any): FakeAnthropicReply {
  const last = body.messages.filter((m: any) => m.role !== 'system').at(-1);
  const result = Array.isArray(last?.content)
    ? last.content.find((b: any) => b.type === 'tool_result')
    : undefined;
  if (result)
    return {
      text: `weather: ${typeof result.content === 'string' ? result.content : result.content.map((b: any) => b.text ?? '').join('')}`,
    };
  if (body.tools?.length && body.tool_choice?.type !== 'none')
    return { toolCalls: [{ name: body.tools[0].name, input: { city: 'Paris' } }] };
  if (body.output_config?.format) return { text: JSON.stringify({ name: 'Ada', age: 36 }) };
  return { text: `echo: ${lastUserText(body.messages)}` };
}
