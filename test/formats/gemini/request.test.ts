import { describe, expect, it } from 'vitest';
import { decodeChatRequest, encodeChatRequest } from '../../../src/formats/openai-chat';
import { decodeGeminiRequest, encodeGeminiRequest } from '../../../src/formats/gemini';

// Gemini requests decode to canonical and encode back unchanged; what canonical cannot hold
// rides in extra.gemini. Shapes are what the SDK, Gemini CLI and the AI SDK send.

const ctx = { model: 'ep', stream: false };
const roundTrip = (body: Record<string, unknown>) =>
  encodeGeminiRequest(decodeGeminiRequest(structuredClone(body), ctx));

const corpus: Record<string, Record<string, unknown>> = {
  'plain text with sampling': {
    contents: [{ role: 'user', parts: [{ text: 'Hello' }] }],
    generationConfig: {
      temperature: 0.3,
      topP: 0.9,
      topK: 40,
      maxOutputTokens: 256,
      stopSequences: ['END'],
      candidateCount: 1,
      seed: 7,
    },
  },
  'system instruction, multi-turn, safety settings and unknown fields': {
    systemInstruction: { parts: [{ text: 'You are terse.' }, { text: 'Answer in French.' }] },
    contents: [
      { role: 'user', parts: [{ text: 'Hi' }] },
      { role: 'model', parts: [{ text: 'Salut' }] },
      { role: 'user', parts: [{ text: 'Ça va?' }] },
    ],
    safetySettings: [{ category: 'HARM_CATEGORY_HARASSMENT', threshold: 'BLOCK_NONE' }],
    cachedContent: 'cachedContents/abc',
    generationConfig: {
      responseModalities: ['TEXT'],
      presencePenalty: 0.5,
      mediaResolution: 'MEDIA_RESOLUTION_LOW',
    },
  },
  'Gemini CLI: parametersJsonSchema tools, client ids, thought signatures, includeThoughts': {
    contents: [
      { role: 'user', parts: [{ text: 'list files' }] },
      {
        role: 'model',
        parts: [
          { text: 'Let me look', thought: true, thoughtSignature: 'c2lnLTE=' },
          {
            functionCall: { id: 'cli-1', name: 'ls', args: { path: '.' } },
            thoughtSignature: 'c2lnLTI=',
          },
          { functionCall: { id: 'cli-2', name: 'ls', args: { path: 'src' } } },
        ],
      },
      {
        role: 'user',
        parts: [
          { functionResponse: { id: 'cli-1', name: 'ls', response: { output: 'a.txt' } } },
          { functionResponse: { id: 'cli-2', name: 'ls', response: { error: 'denied' } } },
        ],
      },
    ],
    tools: [
      {
        functionDeclarations: [
          {
            name: 'ls',
            description: 'List',
            parametersJsonSchema: {
              type: 'object',
              properties: { path: { type: 'string' } },
              additionalProperties: false,
              $schema: 'http://json-schema.org/draft-07/schema#',
            },
          },
        ],
      },
    ],
    generationConfig: {
      temperature: 0,
      topP: 1,
      topK: 64,
      thinkingConfig: { includeThoughts: true },
    },
  },
  'function calls without ids answered by name and order': {
    contents: [
      { role: 'user', parts: [{ text: 'two cities' }] },
      {
        role: 'model',
        parts: [
          { functionCall: { name: 'w', args: { c: 'A' } } },
          { functionCall: { name: 'w', args: { c: 'B' } } },
        ],
      },
      {
        role: 'user',
        parts: [
          { functionResponse: { name: 'w', response: { result: 'rain' } } },
          { functionResponse: { name: 'w', response: { temp: 3 } } },
          { text: 'and?' },
        ],
      },
    ],
    tools: [{ functionDeclarations: [{ name: 'w', parametersJsonSchema: { type: 'object' } }] }],
    toolConfig: { functionCallingConfig: { mode: 'ANY', allowedFunctionNames: ['w'] } },
  },
  'images, files, structured output, thinking budget': {
    contents: [
      {
        role: 'user',
        parts: [
          { inlineData: { mimeType: 'image/png', data: 'iVBORw0KGgo=' } },
          { fileData: { mimeType: 'application/pdf', fileUri: 'gs://b/doc.pdf' } },
          { text: 'describe' },
        ],
      },
    ],
    generationConfig: {
      responseMimeType: 'application/json',
      responseJsonSchema: { type: 'object', properties: { a: { type: 'string' } } },
      thinkingConfig: { thinkingBudget: 1024, includeThoughts: false },
    },
  },
  'hosted tools and a tool config canonical cannot hold': {
    contents: [{ role: 'user', parts: [{ text: 'search' }] }],
    tools: [
      { functionDeclarations: [{ name: 'f', parametersJsonSchema: { type: 'object' } }] },
      { googleSearch: {} },
      { codeExecution: {} },
    ],
    toolConfig: { functionCallingConfig: { mode: 'ANY', allowedFunctionNames: ['f', 'g'] } },
    generationConfig: {
      thinkingConfig: { thinkingLevel: 'low' },
      responseMimeType: 'text/x.enum',
      responseSchema: { type: 'STRING', enum: ['a', 'b'] },
    },
  },
  'thinking disabled, json mode, tool choice none': {
    contents: [{ role: 'user', parts: [{ text: 'json' }] }],
    tools: [{ functionDeclarations: [{ name: 'f' }] }],
    toolConfig: { functionCallingConfig: { mode: 'NONE' } },
    generationConfig: {
      responseMimeType: 'application/json',
      thinkingConfig: { thinkingBudget: 0 },
    },
  },
};

describe('Gemini request round trip', () => {
  it.each(Object.entries(corpus))('%s', (_name, body) => {
    expect(roundTrip(body)).toEqual(body);
  });
});

describe('Gemini request decoding', () => {
  it('pairs functionResponses without ids with calls by name and order', () => {
    const req = decodeGeminiRequest(
      corpus['function calls without ids answered by name and order'],
      ctx,
    );
    const calls = req.messages[1].content as any[];
    const results = req.messages[2].content as any[];
    expect(req.messages.map((m) => m.role)).toEqual(['user', 'assistant', 'tool', 'user']);
    expect(results.map((r) => r.callId)).toEqual(calls.map((c) => c.id));
    expect(results[0].content).toEqual([{ type: 'text', text: 'rain' }]);
    expect(results[1].content).toEqual([{ type: 'text', text: '{"temp":3}' }]);
    expect(req.toolChoice).toEqual({ name: 'w' });
  });

  it('pairs a functionResponse without id with a call that has one (SDK manual history)', () => {
    const req = decodeGeminiRequest(
      {
        contents: [
          { role: 'model', parts: [{ functionCall: { id: 'x1', name: 'f', args: {} } }] },
          {
            role: 'user',
            parts: [{ functionResponse: { name: 'f', response: { result: 'ok' } } }],
          },
        ],
      },
      ctx,
    );
    expect((req.messages[1].content[0] as any).callId).toBe('x1');
  });

  it('reads systemInstruction with a role, snake_case fields and the AI SDK {name, content} response', () => {
    const req = decodeGeminiRequest(
      {
        system_instruction: { role: 'user', parts: [{ text: 'sys' }] },
        contents: [
          {
            role: 'model',
            parts: [
              {
                function_call: { id: 'a', name: 'f', args: {} },
                thought_signature: 'skip_thought_signature_validator',
              },
            ],
          },
          {
            role: 'user',
            parts: [
              {
                function_response: { id: 'a', name: 'f', response: { name: 'f', content: 'done' } },
              },
            ],
          },
        ],
        generation_config: { max_output_tokens: 9 },
      },
      ctx,
    );
    expect(req.messages[0]).toEqual({ role: 'system', content: [{ type: 'text', text: 'sys' }] });
    expect(req.messages[1].content[0]).toMatchObject({
      type: 'tool_call',
      id: 'a',
      signature: 'skip_thought_signature_validator',
    });
    expect(req.messages[2].content[0]).toMatchObject({
      type: 'tool_result',
      callId: 'a',
      content: [{ type: 'text', text: 'done' }],
    });
    expect(req.maxTokens).toBe(9);
  });

  it('converts OpenAPI `parameters` to JSON Schema', () => {
    const req = decodeGeminiRequest(
      {
        contents: [{ parts: [{ text: 'x' }] }],
        tools: [
          {
            functionDeclarations: [
              {
                name: 'f',
                parameters: {
                  type: 'OBJECT',
                  properties: { n: { type: 'INTEGER', nullable: true } },
                  propertyOrdering: ['n'],
                },
              },
            ],
          },
        ],
      },
      ctx,
    );
    expect(req.tools![0].parameters).toEqual({
      type: 'object',
      properties: { n: { type: ['integer', 'null'] } },
    });
  });

  it.each([
    [{ contents: 'hi' }, 'contents'],
    [{ contents: [] }, 'contents'],
    [{ contents: [{ role: 'user', parts: [{ bogus: 1 }] }] }, 'contents[0].parts[0]'],
    [
      {
        contents: [{ role: 'user', parts: [{ text: 'x' }] }],
        generationConfig: { temperature: 'hot' },
      },
      'generationConfig.temperature',
    ],
    [
      {
        contents: [{ role: 'user', parts: [{ text: 'x' }] }],
        tools: [{ functionDeclarations: [{ description: 'no name' }] }],
      },
      'tools[0].functionDeclarations[0].name',
    ],
    [
      {
        contents: [{ role: 'user', parts: [{ text: 'x' }] }],
        toolConfig: { functionCallingConfig: { mode: 'SOMETIMES' } },
      },
      'toolConfig.functionCallingConfig.mode',
    ],
  ])('rejects %j naming %s', (body, param) => {
    expect(() => decodeGeminiRequest(body, ctx)).toThrow(expect.objectContaining({ param }));
  });
});

describe('Gemini request encoding from other dialects', () => {
  it('OpenAI chat → Gemini: system, merged turns, tool ids dropped, names found, strings wrapped, penalties', () => {
    const req = decodeChatRequest({
      model: 'ep',
      messages: [
        { role: 'system', content: 'sys' },
        { role: 'user', content: 'a' },
        {
          role: 'user',
          content: [{ type: 'image_url', image_url: { url: 'data:image/jpeg;base64,/9j/' } }],
        },
        {
          role: 'assistant',
          content: null,
          tool_calls: [
            { id: 'call_1', type: 'function', function: { name: 'f', arguments: '{"x":1}' } },
          ],
        },
        { role: 'tool', tool_call_id: 'call_1', content: 'plain result' },
        { role: 'developer', content: 'late rule' },
      ],
      tools: [
        {
          type: 'function',
          function: { name: 'f', parameters: { type: 'object', additionalProperties: false } },
        },
      ],
      tool_choice: 'required',
      response_format: {
        type: 'json_schema',
        json_schema: { name: 'r', schema: { type: 'object' } },
      },
      reasoning_effort: 'low',
      presence_penalty: 0.2,
      max_tokens: 50,
    });
    expect(encodeGeminiRequest(req)).toEqual({
      systemInstruction: { parts: [{ text: 'sys' }, { text: 'late rule' }] },
      contents: [
        {
          role: 'user',
          parts: [{ text: 'a' }, { inlineData: { mimeType: 'image/jpeg', data: '/9j/' } }],
        },
        { role: 'model', parts: [{ functionCall: { name: 'f', args: { x: 1 }, id: 'call_1' } }] },
        {
          role: 'user',
          parts: [
            { functionResponse: { name: 'f', response: { result: 'plain result' }, id: 'call_1' } },
          ],
        },
      ],
      tools: [
        {
          functionDeclarations: [
            { name: 'f', parametersJsonSchema: { type: 'object', additionalProperties: false } },
          ],
        },
      ],
      toolConfig: { functionCallingConfig: { mode: 'ANY' } },
      generationConfig: {
        maxOutputTokens: 50,
        responseMimeType: 'application/json',
        responseJsonSchema: { type: 'object' },
        thinkingConfig: { thinkingLevel: 'low' },
        presencePenalty: 0.2,
      },
    });
  });

  it('OpenAPI schemas on request, and thinking budgets for Gemini 2.x models', () => {
    const req = decodeChatRequest({
      model: 'ep',
      messages: [{ role: 'user', content: 'x' }],
      tools: [
        {
          type: 'function',
          function: {
            name: 'f',
            parameters: {
              $schema: 'x',
              type: 'object',
              additionalProperties: false,
              properties: { a: { $ref: '#/$defs/A' }, b: { type: ['string', 'null'] } },
              $defs: { A: { type: 'string', const: 'k' } },
            },
          },
        },
      ],
      reasoning_effort: 'medium',
    });
    const body = encodeGeminiRequest(req, {
      model: 'gemini-2.5-flash',
      openApiSchemas: true,
    }) as any;
    expect(body.tools[0].functionDeclarations[0].parameters).toEqual({
      type: 'object',
      properties: { a: { type: 'string', enum: ['k'] }, b: { type: 'string', nullable: true } },
    });
    expect(body.generationConfig.thinkingConfig).toEqual({ thinkingBudget: 8192 });
  });

  it('Gemini → OpenAI chat: the canonical request encodes for an OpenAI provider', () => {
    const req = decodeGeminiRequest(
      corpus['function calls without ids answered by name and order'],
      ctx,
    );
    const openai = encodeChatRequest(req, 'gpt') as any;
    expect(openai.messages.map((m: any) => m.role)).toEqual([
      'user',
      'assistant',
      'tool',
      'tool',
      'user',
    ]);
    expect(openai.messages[2].tool_call_id).toBe(openai.messages[1].tool_calls[0].id);
    expect(openai.messages[3].tool_call_id).toBe(openai.messages[1].tool_calls[1].id);
    expect(openai.tool_choice).toEqual({ type: 'function', function: { name: 'w' } });
  });
});
