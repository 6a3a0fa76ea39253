import { fakeResponsesApi } from './openai-responses-upstream';
import { jsonResponse, sseResponse, type FakeHandler } from './router';

// A fake OpenAI-format server that checks what OpenAI checks: the Bearer key, a JSON body,
// tool messages that answer a call, and `stream: true` answered with real SSE ending in [DONE].

export interface FakeOpenAIOptions {
  apiKey: string;
  /** Header carrying the key: "authorization" (Bearer) or another header name with the raw key. */
  keyHeader?: string;
  /** What the assistant answers; a function sees the parsed request body. */
  reply?: (
    body: any,
  ) => { text?: string; toolCalls?: { name: string; arguments: string }[] } | undefined;
}

const error = (
  status: number,
  message: string,
  type = 'invalid_request_error',
  param: string | null = null,
  code: string | null = null,
) => jsonResponse({ error: { message, type, param, code } }, status);

/** What OpenAI's older chat models cannot take, checked the way OpenAI checks it. */
const MODEL_LIMITS: [RegExp, { reasoning: boolean; maxOutput: number }][] = [
  [/^gpt-4o/, { reasoning: false, maxOutput: 16384 }],
  [/^gpt-4\.1/, { reasoning: false, maxOutput: 32768 }],
];

function modelRefusal(body: any): Response | undefined {
  const limits = MODEL_LIMITS.find(([pattern]) => pattern.test(String(body.model)))?.[1];
  if (!limits) return undefined;
  if (body.reasoning_effort !== undefined && !limits.reasoning) {
    return error(
      400,
      "Unsupported parameter: 'reasoning_effort' is not supported with this model.",
      'invalid_request_error',
      'reasoning_effort',
      'unsupported_parameter',
    );
  }
  for (const field of ['max_tokens', 'max_completion_tokens']) {
    const asked = body[field];
    if (typeof asked === 'number' && asked > limits.maxOutput) {
      return error(
        400,
        `${field} is too large: ${asked}. This model supports at most ${limits.maxOutput} completion tokens, whereas you provided ${asked}.`,
        'invalid_request_error',
        field,
        'invalid_value',
      );
    }
  }
  return undefined;
}

/** A fake OpenAI account; `responses` is its stateful Responses API (what it stores). */
export function fakeOpenAI(
  options: FakeOpenAIOptions,
): FakeHandler & { responses: ReturnType<typeof fakeResponsesApi> } {
  const responses = fakeResponsesApi((b) => options.reply?.(b));
  const handler = async (request: Request) => {
    const keyHeader = options.keyHeader ?? 'authorization';
    const presented = request.headers.get(keyHeader);
    const expected = keyHeader === 'authorization' ? `Bearer ${options.apiKey}` : options.apiKey;
    if (presented !== expected) return error(401, 'Incorrect API key provided.', 'invalid_api_key');
    const url = new URL(request.url);
    if (request.method === 'GET' || request.method === 'DELETE')
      return responses.handle(request.method, url);
    if (!request.headers.get('content-type')?.includes('application/json'))
      return error(400, 'Content-Type must be application/json');
    let body: any;
    try {
      body = await request.json();
    } catch {
      return error(400, 'We could not parse the JSON body of your request.');
    }
    const path = url.pathname;
    // A Databricks serving endpoint takes every task at /invocations, told apart by the body.
    const invocation = path.endsWith('/invocations');
    if (path.endsWith('/embeddings') || (invocation && body.input !== undefined))
      return embeddings(body);
    if (path.endsWith('/responses')) return responses.handle('POST', url, body);
    if (path.endsWith('/chat/completions') || (invocation && body.prompt === undefined))
      return chat(body, options);
    if (path.endsWith('/completions') || invocation) return completions(body);
    return error(404, `Unknown path ${path}`);
  };
  return Object.assign(handler, { responses });
}

/** Parameters OpenAI's chat completions accepts; anything else is a 400 there too. */
const CHAT_PARAMS = new Set([
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
  'stop',
  'n',
  'seed',
  'reasoning_effort',
  'stream',
  'stream_options',
  'user',
  'metadata',
  'store',
  'frequency_penalty',
  'presence_penalty',
  'logit_bias',
  'logprobs',
  'top_logprobs',
  'prompt_cache_key',
  'prompt_cache_retention',
  'service_tier',
  'safety_identifier',
  'verbosity',
  'modalities',
  'audio',
  'prediction',
  'functions',
  'function_call',
  'web_search_options',
]);

function chat(body: any, options: FakeOpenAIOptions): Response {
  for (const key of Object.keys(body))
    if (!CHAT_PARAMS.has(key)) return error(400, `Unrecognized request argument supplied: ${key}`);
  if (!Array.isArray(body.messages) || body.messages.length === 0)
    return error(400, "'messages' is a required property");
  const refused = modelRefusal(body);
  if (refused) return refused;
  const callIds = new Set<string>();
  for (const m of body.messages) {
    for (const c of m.tool_calls ?? []) callIds.add(c.id);
    if (m.role === 'tool' && !callIds.has(m.tool_call_id)) {
      return error(
        400,
        "Invalid parameter: messages with role 'tool' must be a response to a preceeding message with 'tool_calls'.",
      );
    }
  }
  const reply = options.reply?.(body) ?? { text: `echo: ${lastUserText(body.messages)}` };
  const toolCalls = (reply.toolCalls ?? []).map((c, i) => ({
    id: `call_${i}_${Math.random().toString(36).slice(2, 8)}`,
    type: 'function',
    function: c,
  }));
  const usage = {
    prompt_tokens: 11,
    completion_tokens: 7,
    total_tokens: 18,
    prompt_tokens_details: { cached_tokens: 3 },
  };
  const finish = toolCalls.length ? 'tool_calls' : 'stop';
  const base = { id: 'chatcmpl-fake123', created: 1730000000, model: body.model };
  if (!body.stream) {
    return jsonResponse({
      ...base,
      object: 'chat.completion',
      choices: [
        {
          index: 0,
          finish_reason: finish,
          message: {
            role: 'assistant',
            content: reply.text ?? null,
            ...(toolCalls.length ? { tool_calls: toolCalls } : {}),
          },
        },
      ],
      usage,
    });
  }
  const chunk = (delta: any, finish_reason: string | null = null) =>
    `data: ${JSON.stringify({ ...base, object: 'chat.completion.chunk', choices: [{ index: 0, delta, finish_reason }] })}\n\n`;
  const frames = [chunk({ role: 'assistant', content: '' })];
  for (const piece of (reply.text ?? '').match(/.{1,4}/gs) ?? [])
    frames.push(chunk({ content: piece }));
  toolCalls.forEach((c, index) => {
    frames.push(
      chunk({
        tool_calls: [
          { index, id: c.id, type: 'function', function: { name: c.function.name, arguments: '' } },
        ],
      }),
    );
    const args = c.function.arguments;
    const half = Math.ceil(args.length / 2);
    frames.push(chunk({ tool_calls: [{ index, function: { arguments: args.slice(0, half) } }] }));
    frames.push(chunk({ tool_calls: [{ index, function: { arguments: args.slice(half) } }] }));
  });
  frames.push(chunk({}, finish));
  if (body.stream_options?.include_usage)
    frames.push(
      `data: ${JSON.stringify({ ...base, object: 'chat.completion.chunk', choices: [], usage })}\n\n`,
    );
  frames.push('data: [DONE]\n\n');
  return sseResponse(frames);
}

function completions(body: any): Response {
  if (body.prompt === undefined) return error(400, "'prompt' is a required property");
  const text = `completed: ${Array.isArray(body.prompt) ? body.prompt[0] : body.prompt}`;
  const usage = { prompt_tokens: 5, completion_tokens: 4, total_tokens: 9 };
  const base = {
    id: 'cmpl-fake',
    object: 'text_completion',
    created: 1730000000,
    model: body.model,
  };
  if (!body.stream)
    return jsonResponse({
      ...base,
      choices: [{ index: 0, text, finish_reason: 'stop', logprobs: null }],
      usage,
    });
  const frames = (text.match(/.{1,5}/gs) ?? []).map(
    (t) =>
      `data: ${JSON.stringify({ ...base, choices: [{ index: 0, text: t, finish_reason: null }] })}\n\n`,
  );
  frames.push(
    `data: ${JSON.stringify({ ...base, choices: [{ index: 0, text: '', finish_reason: 'stop' }] })}\n\n`,
  );
  if (body.stream_options?.include_usage)
    frames.push(`data: ${JSON.stringify({ ...base, choices: [], usage })}\n\n`);
  frames.push('data: [DONE]\n\n');
  return sseResponse(frames);
}

function embeddings(body: any): Response {
  const inputs = typeof body.input === 'string' ? [body.input] : body.input;
  if (!Array.isArray(inputs)) return error(400, "'input' is a required property");
  const data = inputs.map((text: string, index: number) => ({
    object: 'embedding',
    index,
    embedding: [text.length, 0.5, -0.25],
  }));
  return jsonResponse({
    object: 'list',
    data,
    model: body.model,
    usage: { prompt_tokens: inputs.length * 2, total_tokens: inputs.length * 2 },
  });
}

function lastUserText(messages: any[]): string {
  const last = [...messages].reverse().find((m) => m.role === 'user');
  if (!last) return '';
  return typeof last.content === 'string'
    ? last.content
    : last.content.map((p: any) => p.text ?? '').join('');
}
