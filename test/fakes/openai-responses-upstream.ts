import { jsonResponse, sseResponse } from './router';

// POST /v1/responses of the fake OpenAI: checks what OpenAI checks (known parameters, flat
// function tools, a function_call for every function_call_output, text.format names) and
// answers with a real response object, or the real SSE event sequence (event + data, no [DONE]).

export type Reply = { text?: string; toolCalls?: { name: string; arguments: string }[] };

const PARAMS = new Set([
  'model', 'input', 'instructions', 'tools', 'tool_choice', 'parallel_tool_calls', 'text', 'reasoning', 'max_output_tokens',
  'temperature', 'top_p', 'stream', 'stream_options', 'store', 'previous_response_id', 'include', 'metadata', 'user', 'truncation',
  'background', 'conversation', 'prompt_cache_key', 'prompt_cache_retention', 'service_tier', 'safety_identifier', 'top_logprobs',
  'max_tool_calls', 'prompt', 'client_metadata',
]);

const error = (status: number, message: string, param: string | null = null) =>
  jsonResponse({ error: { message, type: 'invalid_request_error', param, code: null } }, status);

export function fakeResponses(body: any, reply: (body: any) => Reply | undefined): Response {
  for (const key of Object.keys(body)) if (!PARAMS.has(key)) return error(400, `Unknown parameter: '${key}'.`, key);
  if (typeof body.model !== 'string') return error(400, "Missing required parameter: 'model'.", 'model');
  if (body.input === undefined && !body.previous_response_id) return error(400, "Missing required parameter: 'input'.", 'input');
  for (const [i, t] of (body.tools ?? []).entries()) {
    if (t.type === 'function' && typeof t.name !== 'string') return error(400, `Missing required parameter: 'tools[${i}].name'.`, `tools[${i}].name`);
  }
  const format = body.text?.format;
  if (format?.type === 'json_schema' && (typeof format.name !== 'string' || !format.schema)) return error(400, "Missing required parameter: 'text.format.name'.", 'text.format.name');
  const items = typeof body.input === 'string' ? [{ role: 'user', content: body.input }] : body.input ?? [];
  const calls = new Set<string>();
  for (const item of items) {
    if (item.type === 'function_call') calls.add(item.call_id);
    if (item.type === 'function_call_output' && !calls.has(item.call_id)) {
      return error(400, `No tool call found for function call output with call_id ${item.call_id}.`, 'input');
    }
  }
  const answer = reply(body) ?? { text: `echo: ${lastUserText(items)}` };
  const id = 'resp_fake0123456789';
  const output: any[] = [];
  if (answer.text !== undefined) {
    output.push({ id: 'msg_fake', type: 'message', status: 'completed', role: 'assistant', content: [{ type: 'output_text', text: answer.text, annotations: [] }] });
  }
  (answer.toolCalls ?? []).forEach((c, i) => output.push({ id: `fc_fake${i}`, type: 'function_call', status: 'completed', call_id: `call_fake${i}`, name: c.name, arguments: c.arguments }));
  const usage = { input_tokens: 13, input_tokens_details: { cached_tokens: 4 }, output_tokens: 9, output_tokens_details: { reasoning_tokens: 2 }, total_tokens: 22 };
  const response = { id, object: 'response', created_at: 1730000000, status: 'completed', error: null, incomplete_details: null, model: body.model, output, usage, store: body.store ?? true };
  if (!body.stream) return jsonResponse(response);

  let seq = 0;
  const frames: string[] = [];
  const emit = (type: string, data: object) => frames.push(`event: ${type}\ndata: ${JSON.stringify({ type, sequence_number: seq++, ...data })}\n\n`);
  const inProgress = { ...response, status: 'in_progress', output: [], usage: null };
  emit('response.created', { response: inProgress });
  emit('response.in_progress', { response: inProgress });
  output.forEach((item, output_index) => {
    if (item.type === 'message') {
      const text = item.content[0].text as string;
      emit('response.output_item.added', { output_index, item: { ...item, status: 'in_progress', content: [] } });
      const base = { item_id: item.id, output_index, content_index: 0 };
      emit('response.content_part.added', { ...base, part: { type: 'output_text', text: '', annotations: [] } });
      for (const delta of text.match(/.{1,4}/gs) ?? []) emit('response.output_text.delta', { ...base, delta });
      emit('response.output_text.done', { ...base, text });
      emit('response.content_part.done', { ...base, part: item.content[0] });
    } else {
      emit('response.output_item.added', { output_index, item: { ...item, status: 'in_progress', arguments: '' } });
      const half = Math.ceil(item.arguments.length / 2);
      for (const delta of [item.arguments.slice(0, half), item.arguments.slice(half)]) emit('response.function_call_arguments.delta', { item_id: item.id, output_index, delta });
      emit('response.function_call_arguments.done', { item_id: item.id, output_index, name: item.name, arguments: item.arguments });
    }
    emit('response.output_item.done', { output_index, item });
  });
  emit('response.completed', { response });
  return sseResponse(frames);
}

function lastUserText(items: any[]): string {
  const last = [...items].reverse().find((m) => m.role === 'user');
  if (!last) return '';
  return typeof last.content === 'string' ? last.content : last.content.map((p: any) => p.text ?? '').join('');
}
