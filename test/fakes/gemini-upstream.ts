import { jsonResponse, sseResponse } from './router';

// A fake Gemini generateContent server (the Gemini API and Vertex AI's publishers/google share
// the body): it checks what Google checks — known fields only, roles user/model on every content,
// one data field per part, function responses as objects and as many as the calls they answer,
// `parameters` in the OpenAPI subset, one schema form per declaration, thinkingLevel only on
// Gemini 3, and on Gemini 3 the thoughtSignature it gave echoed on each function call — and
// streams real SSE (CRLF frames, whole function calls, usage on every chunk, no [DONE]).

export interface FakeGeminiReply {
  text?: string;
  toolCalls?: { name: string; args: Record<string, unknown> }[];
  /** A thought summary first (default: when the request asks includeThoughts). */
  thought?: string;
  finishReason?: string;
}

export interface FakeGeminiOptions {
  reply?: (body: any) => FakeGeminiReply;
}

const TOP_LEVEL = new Set([
  'contents',
  'systemInstruction',
  'tools',
  'toolConfig',
  'generationConfig',
  'safetySettings',
  'cachedContent',
  'labels',
]);
const GENERATION = new Set([
  'temperature',
  'topP',
  'topK',
  'maxOutputTokens',
  'stopSequences',
  'candidateCount',
  'seed',
  'presencePenalty',
  'frequencyPenalty',
  'responseMimeType',
  'responseSchema',
  'responseJsonSchema',
  'thinkingConfig',
  'responseModalities',
  'mediaResolution',
  'responseLogprobs',
  'logprobs',
]);
const DATA_FIELDS = [
  'text',
  'inlineData',
  'fileData',
  'functionCall',
  'functionResponse',
  'executableCode',
  'codeExecutionResult',
];
const PART_EXTRAS = new Set(['thought', 'thoughtSignature', 'videoMetadata']);
const OPENAPI_KEYS = new Set([
  'type',
  'format',
  'title',
  'description',
  'nullable',
  'enum',
  'maxItems',
  'minItems',
  'properties',
  'required',
  'minProperties',
  'maxProperties',
  'minLength',
  'maxLength',
  'pattern',
  'example',
  'anyOf',
  'propertyOrdering',
  'default',
  'items',
  'minimum',
  'maximum',
]);

/** The signature the fake puts on a function call; Gemini 3 wants it back on that call. */
export const fakeCallSignature = (name: string) => btoa(`sig:${name}`);

const googleError = (message: string, code = 400, status = 'INVALID_ARGUMENT') =>
  jsonResponse({ error: { code, message, status } }, code);

/** Handles `{model}:{method}` for a Gemini model; `request` carries the body and the ?alt query. */
export function fakeGemini(options: FakeGeminiOptions = {}) {
  return async (request: Request, model: string, method: string): Promise<Response> => {
    if (method !== 'generateContent' && method !== 'streamGenerateContent')
      return googleError(`Method ${method} not found.`, 404, 'NOT_FOUND');
    let body: any;
    try {
      body = await request.json();
    } catch {
      return googleError('Invalid JSON payload received.');
    }
    const problem = validate(body, model);
    if (problem) return googleError(problem);
    const wantsThoughts = body.generationConfig?.thinkingConfig?.includeThoughts === true;
    const reply = options.reply?.(body) ?? { text: `echo: ${lastUserText(body)}` };
    const thought = reply.thought ?? (wantsThoughts ? 'Thinking it over.' : undefined);
    const usage = {
      promptTokenCount: 12,
      candidatesTokenCount: 5,
      totalTokenCount: 17 + (thought ? 3 : 0),
      ...(thought ? { thoughtsTokenCount: 3 } : {}),
    };
    const calls = (reply.toolCalls ?? []).map((c) => ({
      functionCall: { name: c.name, args: c.args },
      thoughtSignature: fakeCallSignature(c.name),
    }));
    const meta = { modelVersion: model, responseId: 'fake-gemini-response' };
    const candidate = (parts: unknown[], finish?: string) => ({
      content: { role: 'model', parts },
      ...(finish ? { finishReason: finish } : {}),
      index: 0,
    });
    const finish = reply.finishReason ?? 'STOP';
    if (method === 'generateContent') {
      const parts = [
        ...(thought ? [{ text: thought, thought: true }] : []),
        ...(reply.text ? [{ text: reply.text }] : []),
        ...calls,
      ];
      return jsonResponse({
        candidates: [candidate(parts, finish)],
        usageMetadata: usage,
        ...meta,
      });
    }
    const running = {
      promptTokenCount: usage.promptTokenCount,
      totalTokenCount: usage.promptTokenCount,
    };
    const chunks: unknown[] = [];
    if (thought)
      chunks.push({
        candidates: [candidate([{ text: thought, thought: true }])],
        usageMetadata: running,
        ...meta,
      });
    for (const piece of reply.text?.match(/[\s\S]{1,5}/g) ?? [])
      chunks.push({ candidates: [candidate([{ text: piece }])], usageMetadata: running, ...meta });
    for (const call of calls)
      chunks.push({ candidates: [candidate([call])], usageMetadata: running, ...meta });
    chunks.push({ candidates: [candidate([{ text: '' }], finish)], usageMetadata: usage, ...meta });
    if (new URL(request.url).searchParams.get('alt') !== 'sse') return jsonResponse(chunks);
    return sseResponse(chunks.map((c) => `data: ${JSON.stringify(c)}\r\n\r\n`));
  };
}

function validate(body: any, model: string): string | undefined {
  if (!body || typeof body !== 'object') return 'Invalid JSON payload received.';
  for (const key of Object.keys(body))
    if (!TOP_LEVEL.has(key))
      return `Invalid JSON payload received. Unknown name "${key}": Cannot find field.`;
  if (!Array.isArray(body.contents) || body.contents.length === 0)
    return 'contents is not specified';
  const gemini3 = /gemini-3/.test(model);
  let previousCalls = 0;
  for (const [i, content] of body.contents.entries()) {
    if (content.role !== 'user' && content.role !== 'model')
      return 'Please use a valid role: user, model.';
    if (!Array.isArray(content.parts) || content.parts.length === 0)
      return `contents[${i}].parts must not be empty`;
    let responses = 0;
    let calls = 0;
    for (const [j, part] of content.parts.entries()) {
      const where = `contents[${i}].parts[${j}]`;
      const data = Object.keys(part).filter((k) => DATA_FIELDS.includes(k));
      if (data.length !== 1)
        return `${where}: a part must hold exactly one of ${DATA_FIELDS.join(', ')}`;
      for (const key of Object.keys(part))
        if (!DATA_FIELDS.includes(key) && !PART_EXTRAS.has(key))
          return `Invalid JSON payload received. Unknown name "${key}" at '${where}': Cannot find field.`;
      if (part.functionCall) {
        if (content.role !== 'model') return `${where}: functionCall parts belong to model turns`;
        calls++;
        const sig = part.thoughtSignature;
        if (
          gemini3 &&
          sig !== fakeCallSignature(part.functionCall.name) &&
          sig !== 'skip_thought_signature_validator'
        )
          return `Function call is missing a thought_signature in functionCall parts. ${where}`;
      }
      if (part.functionResponse) {
        if (content.role !== 'user') return `${where}: functionResponse parts belong to user turns`;
        const r = part.functionResponse.response;
        if (!r || typeof r !== 'object' || Array.isArray(r))
          return `Invalid value at '${where}.function_response.response' (type.googleapis.com/google.protobuf.Struct)`;
        responses++;
      }
    }
    if (responses && responses !== previousCalls) {
      return 'Please ensure that the number of function response parts is equal to the number of function call parts of the function call turn.';
    }
    previousCalls = content.role === 'model' ? calls : 0;
  }
  for (const [i, tool] of (body.tools ?? []).entries()) {
    for (const [j, d] of (tool.functionDeclarations ?? []).entries()) {
      if (typeof d.name !== 'string' || !/^[a-zA-Z_][a-zA-Z0-9_.:-]{0,63}$/.test(d.name))
        return `tools[${i}].function_declarations[${j}].name is invalid`;
      if (d.parameters && d.parametersJsonSchema)
        return `tools[${i}].function_declarations[${j}]: parameters and parameters_json_schema are mutually exclusive`;
      const bad = d.parameters && unknownSchemaKey(d.parameters);
      if (bad)
        return `Invalid JSON payload received. Unknown name "${bad}" at 'tools[${i}].function_declarations[${j}].parameters': Cannot find field.`;
    }
  }
  const g = body.generationConfig ?? {};
  for (const key of Object.keys(g))
    if (!GENERATION.has(key))
      return `Invalid JSON payload received. Unknown name "${key}" at 'generation_config': Cannot find field.`;
  if (g.responseSchema && g.responseJsonSchema)
    return 'response_schema and response_json_schema are mutually exclusive';
  if ((g.responseSchema || g.responseJsonSchema) && g.responseMimeType !== 'application/json')
    return 'response_mime_type must be application/json with a response schema';
  if (g.thinkingConfig?.thinkingLevel && !gemini3)
    return 'Thinking level is not supported for this model.';
  return undefined;
}

function unknownSchemaKey(schema: any): string | undefined {
  if (!schema || typeof schema !== 'object') return undefined;
  for (const [key, value] of Object.entries(schema)) {
    if (!OPENAPI_KEYS.has(key)) return key;
    const nested =
      key === 'properties'
        ? Object.values(value as object)
        : key === 'items'
          ? [value]
          : key === 'anyOf'
            ? (value as unknown[])
            : [];
    for (const n of nested) {
      const bad = unknownSchemaKey(n);
      if (bad) return bad;
    }
  }
  return undefined;
}

export function lastUserText(body: any): string {
  const last = [...body.contents].reverse().find((c: any) => c.role === 'user');
  return (last?.parts ?? []).map((p: any) => p.text ?? '').join('');
}
