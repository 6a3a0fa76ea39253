import { jsonResponse, type FakeHandler } from './router';

// A fake Cohere v2 API that checks what Cohere checks: the Bearer key, known body fields only
// (OpenAI names such as top_p or tool_choice "auto" are rejected), tool messages answering an
// earlier tool call, string tool arguments, and input_type on embed. Streams are real Cohere
// SSE: message-start, content-*, tool-call-*, message-end with usage.

export interface FakeCohereOptions {
  apiKey: string;
  /** Replies by the last message: a tool call when tools are offered, an echo otherwise. */
  reply?: (body: any) => {
    text?: string;
    toolCall?: { name: string; arguments: string };
    toolCalls?: { name: string; arguments: string }[];
    finish?: string;
  };
  /** Breaks the stream after this many frames (a connection reset). */
  resetAfter?: (body: any) => number | undefined;
}

const CHAT_FIELDS = new Set([
  'model',
  'messages',
  'stream',
  'tools',
  'tool_choice',
  'strict_tools',
  'max_tokens',
  'temperature',
  'p',
  'k',
  'seed',
  'stop_sequences',
  'frequency_penalty',
  'presence_penalty',
  'response_format',
  'documents',
  'safety_mode',
  'thinking',
  'citation_options',
  'logprobs',
]);
const INPUT_TYPES = new Set([
  'search_document',
  'search_query',
  'classification',
  'clustering',
  'image',
]);
const error = (status: number, message: string) =>
  jsonResponse({ id: crypto.randomUUID(), message }, status);

export function fakeCohere(options: FakeCohereOptions): FakeHandler {
  return async (request) => {
    if (request.headers.get('authorization') !== `Bearer ${options.apiKey}`)
      return error(401, 'invalid api token');
    if (!request.headers.get('content-type')?.includes('application/json'))
      return error(400, 'invalid request: Content-Type must be application/json');
    const path = new URL(request.url).pathname;
    let body: any;
    try {
      body = await request.json();
    } catch {
      return error(400, 'invalid request: could not parse JSON body');
    }
    if (path === '/v2/chat') return chat(body, options);
    if (path === '/v2/embed') return embed(body);
    return error(404, `path ${path} not found`);
  };
}

function validateChat(body: any): string | undefined {
  if (typeof body.model !== 'string') return 'invalid request: model must be a string';
  for (const key of Object.keys(body))
    if (!CHAT_FIELDS.has(key))
      return `invalid request: unknown field: parameter ${key} is not a valid field`;
  if (!Array.isArray(body.messages) || !body.messages.length)
    return 'invalid request: messages must not be empty';
  if (body.tool_choice !== undefined && !['REQUIRED', 'NONE'].includes(body.tool_choice))
    return `invalid request: tool_choice must be one of REQUIRED, NONE`;
  const callIds = new Set<string>();
  for (const [i, m] of body.messages.entries()) {
    if (!['system', 'user', 'assistant', 'tool'].includes(m.role))
      return `invalid request: messages[${i}].role is invalid`;
    for (const c of m.tool_calls ?? []) {
      if (typeof c.function?.arguments !== 'string')
        return `invalid request: messages[${i}].tool_calls arguments must be a string`;
      callIds.add(c.id);
    }
    if (m.role === 'tool' && !callIds.has(m.tool_call_id))
      return `invalid request: tool message ${i} does not answer a tool call`;
    if (m.role === 'assistant' && !m.tool_calls && m.content === undefined)
      return `invalid request: messages[${i}] needs content or tool_calls`;
  }
  return undefined;
}

const textOf = (content: any) =>
  typeof content === 'string' ? content : (content ?? []).map((p: any) => p.text ?? '').join('');

type Reply = ReturnType<NonNullable<FakeCohereOptions['reply']>>;

function defaultReply(body: any): Reply {
  const last = body.messages.at(-1);
  if (body.tools?.length && last.role === 'user')
    return { toolCall: { name: body.tools[0].function.name, arguments: '{"city":"Paris"}' } };
  if (last.role === 'tool') return { text: `tool said ${textOf(last.content)}` };
  return { text: `echo: ${textOf(last.content)}` };
}

function chat(body: any, options: FakeCohereOptions): Response {
  const invalid = validateChat(body);
  if (invalid) return error(400, invalid);
  if (textOf(body.messages.at(-1).content) === 'throttle me')
    return jsonResponse(
      { message: 'You are using a Trial key, which is limited to 10 API calls / minute.' },
      429,
    );
  const reply = options.reply?.(body) ?? defaultReply(body);
  const calls = [...(reply.toolCall ? [reply.toolCall] : []), ...(reply.toolCalls ?? [])];
  const finish = reply.finish ?? (calls.length ? 'TOOL_CALL' : 'COMPLETE');
  const usage = {
    billed_units: { input_tokens: 9, output_tokens: 4 },
    tokens: { input_tokens: 70, output_tokens: 12 },
  };
  const toolCalls = calls.map((c, i) => ({
    id: `${c.name}_abc123${i ? `_${i}` : ''}`,
    type: 'function',
    function: c,
  }));
  if (!body.stream) {
    const message: any = { role: 'assistant' };
    if (reply.text !== undefined) message.content = [{ type: 'text', text: reply.text }];
    if (toolCalls.length)
      Object.assign(message, { tool_plan: 'I will look up the weather.', tool_calls: toolCalls });
    return jsonResponse({ id: 'cohere-chat-1', finish_reason: finish, message, usage });
  }
  const frames: any[] = [
    {
      type: 'message-start',
      id: 'cohere-chat-1',
      delta: {
        message: { role: 'assistant', content: [], tool_plan: '', tool_calls: [], citations: [] },
      },
    },
  ];
  if (reply.text !== undefined) {
    frames.push({
      type: 'content-start',
      index: 0,
      delta: { message: { content: { type: 'text', text: '' } } },
    });
    for (const piece of reply.text.match(/.{1,4}/gs) ?? [])
      frames.push({
        type: 'content-delta',
        index: 0,
        delta: { message: { content: { text: piece } } },
      });
    frames.push({ type: 'content-end', index: 0 });
  }
  if (toolCalls.length)
    frames.push({
      type: 'tool-plan-delta',
      delta: { message: { tool_plan: 'I will look up the weather.' } },
    });
  toolCalls.forEach((toolCall, index) => {
    frames.push({
      type: 'tool-call-start',
      index,
      delta: {
        message: {
          tool_calls: { ...toolCall, function: { name: toolCall.function.name, arguments: '' } },
        },
      },
    });
    const args = toolCall.function.arguments;
    for (const piece of [args.slice(0, 5), args.slice(5)])
      frames.push({
        type: 'tool-call-delta',
        index,
        delta: { message: { tool_calls: { function: { arguments: piece } } } },
      });
    frames.push({ type: 'tool-call-end', index });
  });
  frames.push({ type: 'message-end', delta: { finish_reason: finish, usage } });
  return cohereSse(frames, options.resetAfter?.(body));
}

function cohereSse(frames: any[], resetAfter?: number): Response {
  const encoder = new TextEncoder();
  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      for (const [i, frame] of frames.entries()) {
        if (resetAfter !== undefined && i === resetAfter) {
          controller.error(new Error('connection reset by peer'));
          return;
        }
        controller.enqueue(
          encoder.encode(`event: ${frame.type}\ndata: ${JSON.stringify(frame)}\n\n`),
        );
        await new Promise((r) => setTimeout(r, 1));
      }
      controller.close();
    },
  });
  return new Response(stream, { headers: { 'content-type': 'text/event-stream' } });
}

function embed(body: any): Response {
  if (typeof body.model !== 'string') return error(400, 'invalid request: model must be a string');
  if (!INPUT_TYPES.has(body.input_type))
    return error(400, 'invalid request: valid input_type must be provided with the provided model');
  if (!Array.isArray(body.texts) || !body.texts.length)
    return error(400, 'invalid request: texts must not be empty');
  const types: string[] = body.embedding_types ?? ['float'];
  if (!types.includes('float')) return error(400, 'this fake only makes float embeddings');
  return jsonResponse({
    id: 'embed-1',
    embeddings: {
      float: body.texts.map((t: string) =>
        [t.length, body.input_type.length, 0.5].slice(0, body.output_dimension ?? 3),
      ),
    },
    texts: body.texts,
    meta: { api_version: { version: '2' }, billed_units: { input_tokens: body.texts.length * 3 } },
    response_type: 'embeddings_by_type',
  });
}
