import { jsonResponse, sseResponse } from './router';

// The Responses API of the fake OpenAI, stateful as the real one is (one store per fake, i.e. per
// provider account): POST /v1/responses checks what OpenAI checks (known parameters, flat
// function tools, a function_call for every function_call_output, text.format names, that
// previous_response_id and item_reference name stored responses and items) and answers with a
// real response object or the real SSE event sequence (event + data, no [DONE]); a response with
// `store` not false is kept, with its input items, for GET /responses/{id},
// GET /responses/{id}/input_items (order, limit, after) and DELETE /responses/{id}.

export type Reply = { text?: string; toolCalls?: { name: string; arguments: string }[] };

const PARAMS = new Set([
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
  'stream',
  'stream_options',
  'store',
  'previous_response_id',
  'include',
  'metadata',
  'user',
  'truncation',
  'background',
  'conversation',
  'prompt_cache_key',
  'prompt_cache_retention',
  'service_tier',
  'safety_identifier',
  'top_logprobs',
  'max_tool_calls',
  'prompt',
  'client_metadata',
]);

const error = (
  status: number,
  message: string,
  param: string | null = null,
  code: string | null = null,
) => jsonResponse({ error: { message, type: 'invalid_request_error', param, code } }, status);

const newId = (prefix: string) => `${prefix}_${crypto.randomUUID().replace(/-/g, '')}`;

interface Stored {
  response: any;
  inputItems: any[];
}

/** One provider account's Responses API: `handle` answers every /responses path. */
export function fakeResponsesApi(reply: (body: any) => Reply | undefined) {
  const responses = new Map<string, Stored>();
  const storedItem = (id: string) => {
    for (const r of responses.values()) {
      const found = [...r.inputItems, ...r.response.output].find((i) => i.id === id);
      if (found) return found;
    }
    return undefined;
  };

  function create(body: any): Response {
    for (const key of Object.keys(body))
      if (!PARAMS.has(key)) return error(400, `Unknown parameter: '${key}'.`, key);
    if (typeof body.model !== 'string')
      return error(400, "Missing required parameter: 'model'.", 'model');
    if (body.input === undefined && !body.previous_response_id)
      return error(400, "Missing required parameter: 'input'.", 'input');
    const previous =
      body.previous_response_id === undefined
        ? undefined
        : responses.get(body.previous_response_id);
    if (body.previous_response_id !== undefined && !previous) {
      return error(
        400,
        `Previous response with id '${body.previous_response_id}' not found.`,
        'previous_response_id',
        'previous_response_not_found',
      );
    }
    for (const [i, t] of (body.tools ?? []).entries()) {
      if (t.type === 'function' && typeof t.name !== 'string')
        return error(400, `Missing required parameter: 'tools[${i}].name'.`, `tools[${i}].name`);
    }
    const format = body.text?.format;
    if (format?.type === 'json_schema' && (typeof format.name !== 'string' || !format.schema))
      return error(400, "Missing required parameter: 'text.format.name'.", 'text.format.name');
    const given: any[] =
      typeof body.input === 'string'
        ? [{ type: 'message', role: 'user', content: body.input }]
        : (body.input ?? []);
    const items: any[] = [];
    for (const item of given) {
      if (item.type !== 'item_reference') {
        items.push(item);
        continue;
      }
      const found = storedItem(item.id);
      if (!found) return error(404, `Item with id '${item.id}' not found.`, 'input');
      items.push(found);
    }
    const history = previous ? [...previous.inputItems, ...previous.response.output] : [];
    const calls = new Set<string>();
    for (const item of [...history, ...items]) {
      if (item.type === 'function_call') calls.add(item.call_id);
      if (item.type === 'function_call_output' && !calls.has(item.call_id)) {
        return error(
          400,
          `No tool call found for function call output with call_id ${item.call_id}.`,
          'input',
        );
      }
    }
    const answer = reply(body) ?? { text: `echo: ${lastUserText(items)}` };
    const output: any[] = [];
    if (answer.text !== undefined) {
      output.push({
        id: newId('msg'),
        type: 'message',
        status: 'completed',
        role: 'assistant',
        content: [{ type: 'output_text', text: answer.text, annotations: [] }],
      });
    }
    (answer.toolCalls ?? []).forEach((c, i) =>
      output.push({
        id: newId('fc'),
        type: 'function_call',
        status: 'completed',
        call_id: `call_fake${i}`,
        name: c.name,
        arguments: c.arguments,
      }),
    );
    const usage = {
      input_tokens: 13,
      input_tokens_details: { cached_tokens: 4 },
      output_tokens: 9,
      output_tokens_details: { reasoning_tokens: 2 },
      total_tokens: 22,
    };
    const response = {
      id: newId('resp'),
      object: 'response',
      created_at: 1730000000,
      status: 'completed',
      error: null,
      incomplete_details: null,
      model: body.model,
      output,
      usage,
      previous_response_id: body.previous_response_id ?? null,
      store: body.store ?? true,
    };
    if (response.store) {
      const inputItems = [
        ...history,
        ...items.map((item) => ({ type: 'message', ...item, id: item.id ?? newId('msg') })),
      ];
      responses.set(response.id, { response, inputItems });
    }
    return body.stream ? streamOf(response) : jsonResponse(response);
  }

  function read(method: string, id: string, rest: string, query: URLSearchParams): Response {
    const stored = responses.get(id);
    if (!stored) return error(404, `Response with id '${id}' not found.`);
    if (method === 'DELETE' && !rest) {
      responses.delete(id);
      return jsonResponse({ id, object: 'response', deleted: true });
    }
    if (method !== 'GET') return error(405, `Method ${method} not allowed.`);
    if (!rest) return jsonResponse(stored.response);
    if (rest !== '/input_items') return error(404, `Unknown path /responses/${id}${rest}`);
    let items = query.get('order') === 'asc' ? stored.inputItems : [...stored.inputItems].reverse();
    const after = query.get('after');
    if (after) items = items.slice(items.findIndex((i) => i.id === after) + 1);
    const limit = Number(query.get('limit') ?? 20);
    const data = items.slice(0, limit);
    return jsonResponse({
      object: 'list',
      data,
      first_id: data[0]?.id ?? null,
      last_id: data.at(-1)?.id ?? null,
      has_more: items.length > limit,
    });
  }

  return {
    /** Answers POST …/responses (`body` parsed) and GET/DELETE …/responses/{id}[/input_items]. */
    handle(method: string, url: URL, body?: any): Response {
      const match = /\/responses(?:\/([^/]+)(\/.*)?)?$/.exec(url.pathname)!;
      if (!match[1]) return create(body);
      return read(method, decodeURIComponent(match[1]), match[2] ?? '', url.searchParams);
    },
    /** Ids of the responses this account keeps. */
    storedIds: () => [...responses.keys()],
  };
}

function streamOf(response: any): Response {
  let seq = 0;
  const frames: string[] = [];
  const emit = (type: string, data: object) =>
    frames.push(
      `event: ${type}\ndata: ${JSON.stringify({ type, sequence_number: seq++, ...data })}\n\n`,
    );
  const inProgress = { ...response, status: 'in_progress', output: [], usage: null };
  emit('response.created', { response: inProgress });
  emit('response.in_progress', { response: inProgress });
  (response.output as any[]).forEach((item, output_index) => {
    if (item.type === 'message') {
      const text = item.content[0].text as string;
      emit('response.output_item.added', {
        output_index,
        item: { ...item, status: 'in_progress', content: [] },
      });
      const base = { item_id: item.id, output_index, content_index: 0 };
      emit('response.content_part.added', {
        ...base,
        part: { type: 'output_text', text: '', annotations: [] },
      });
      for (const delta of text.match(/.{1,4}/gs) ?? [])
        emit('response.output_text.delta', { ...base, delta });
      emit('response.output_text.done', { ...base, text });
      emit('response.content_part.done', { ...base, part: item.content[0] });
    } else {
      emit('response.output_item.added', {
        output_index,
        item: { ...item, status: 'in_progress', arguments: '' },
      });
      const half = Math.ceil(item.arguments.length / 2);
      for (const delta of [item.arguments.slice(0, half), item.arguments.slice(half)])
        emit('response.function_call_arguments.delta', { item_id: item.id, output_index, delta });
      emit('response.function_call_arguments.done', {
        item_id: item.id,
        output_index,
        name: item.name,
        arguments: item.arguments,
      });
    }
    emit('response.output_item.done', { output_index, item });
  });
  emit('response.completed', { response });
  return sseResponse(frames);
}

function lastUserText(items: any[]): string {
  const last = [...items].reverse().find((m) => m.role === 'user');
  if (!last) return '';
  return typeof last.content === 'string'
    ? last.content
    : last.content.map((p: any) => p.text ?? '').join('');
}
