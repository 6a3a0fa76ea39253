import type { JsonSchema } from './control-schemas';

// The query routes' bodies are the providers' own formats, decoded by hand-written codecs
// (src/formats/), not by a schema. These name the fields the gateway itself reads and leave the
// rest open: fields it does not know travel on to a provider of the same format. The provider's
// reference, linked from each, is the full description.

const docs = (url: string, provider: string) => ({
  externalDocs: { url, description: `${provider} API reference` },
});
const OPENAI = 'OpenAI';
const ANTHROPIC = 'Anthropic';
const GEMINI = 'Gemini';

const endpointModel = {
  type: 'string',
  description: 'The serving endpoint to query (this gateway routes by it, not by a model name).',
};
const stream = { type: 'boolean', description: 'Answer as server-sent events.' };
const openObject = (
  description: string,
  properties: Record<string, JsonSchema>,
  required: string[],
  externalDocs: ReturnType<typeof docs>,
): JsonSchema => ({
  type: 'object',
  description,
  properties,
  required,
  additionalProperties: true,
  ...externalDocs,
});
const answer = (description: string, externalDocs: ReturnType<typeof docs>): JsonSchema => ({
  type: 'object',
  description,
  additionalProperties: true,
  ...externalDocs,
});

const chatDocs = docs('https://platform.openai.com/docs/api-reference/chat/create', OPENAI);
const completionsDocs = docs(
  'https://platform.openai.com/docs/api-reference/completions/create',
  OPENAI,
);
const embeddingsDocs = docs(
  'https://platform.openai.com/docs/api-reference/embeddings/create',
  OPENAI,
);
const responsesDocs = docs('https://platform.openai.com/docs/api-reference/responses', OPENAI);
const messagesDocs = docs('https://docs.anthropic.com/en/api/messages', ANTHROPIC);
const countDocs = docs('https://docs.anthropic.com/en/api/messages-count-tokens', ANTHROPIC);
const generateDocs = docs('https://ai.google.dev/api/generate-content', GEMINI);
const geminiTokenDocs = docs('https://ai.google.dev/api/tokens', GEMINI);
const geminiEmbedDocs = docs('https://ai.google.dev/api/embeddings', GEMINI);

const allRequired = (properties: Record<string, JsonSchema>): JsonSchema => ({
  type: 'object',
  properties,
  required: Object.keys(properties),
});
const str = { type: 'string' };

export const WIRE_SCHEMAS = {
  ChatCompletionRequest: openObject(
    'OpenAI Chat Completions request.',
    {
      model: endpointModel,
      messages: { type: 'array', items: { type: 'object' } },
      stream,
      tools: { type: 'array', items: { type: 'object' } },
      temperature: { type: 'number' },
      max_tokens: { type: 'integer' },
    },
    ['model', 'messages'],
    chatDocs,
  ),
  ChatCompletion: answer('OpenAI chat completion (object "chat.completion").', chatDocs),
  CompletionRequest: openObject(
    'OpenAI legacy Completions request.',
    { model: endpointModel, prompt: {}, stream, max_tokens: { type: 'integer' } },
    ['model', 'prompt'],
    completionsDocs,
  ),
  Completion: answer('OpenAI completion (object "text_completion").', completionsDocs),
  EmbeddingRequest: openObject(
    'OpenAI Embeddings request.',
    {
      model: endpointModel,
      input: {
        description: 'A string or an array of strings.',
        anyOf: [str, { type: 'array', items: str }],
      },
    },
    ['model', 'input'],
    embeddingsDocs,
  ),
  EmbeddingList: answer('OpenAI embedding list (object "list").', embeddingsDocs),
  InvocationRequest: {
    description:
      "By the endpoint's task: a chat, completions or embeddings request; `model` may be left out (the path names the endpoint).",
    anyOf: [
      { $ref: '#/components/schemas/ChatCompletionRequest' },
      { $ref: '#/components/schemas/CompletionRequest' },
      { $ref: '#/components/schemas/EmbeddingRequest' },
    ],
  },
  InvocationResponse: {
    description: "By the endpoint's task: a chat completion, a completion or an embedding list.",
    anyOf: [
      { $ref: '#/components/schemas/ChatCompletion' },
      { $ref: '#/components/schemas/Completion' },
      { $ref: '#/components/schemas/EmbeddingList' },
    ],
  },
  ResponseRequest: openObject(
    'OpenAI Responses request; `store` defaults to true (the response can be read back here).',
    {
      model: endpointModel,
      input: {},
      instructions: str,
      stream,
      store: { type: 'boolean' },
      previous_response_id: str,
    },
    ['model'],
    responsesDocs,
  ),
  Response: answer('OpenAI response (object "response").', responsesDocs),
  ResponseInputItems: answer(
    'The input items of a stored response: {object: "list", data, first_id, last_id, has_more}.',
    responsesDocs,
  ),
  ResponseDeleted: {
    type: 'object',
    properties: { id: str, object: { const: 'response' }, deleted: { const: true } },
    required: ['id', 'object', 'deleted'],
  },
  MessagesRequest: openObject(
    'Anthropic Messages request.',
    {
      model: endpointModel,
      messages: { type: 'array', items: { type: 'object' } },
      max_tokens: { type: 'integer' },
      system: {},
      stream,
      tools: { type: 'array', items: { type: 'object' } },
    },
    ['model', 'messages', 'max_tokens'],
    messagesDocs,
  ),
  Message: answer('Anthropic message (type "message").', messagesDocs),
  CountTokensRequest: openObject(
    'Anthropic token-count request: a Messages request without max_tokens.',
    { model: endpointModel, messages: { type: 'array', items: { type: 'object' } }, system: {} },
    ['model', 'messages'],
    countDocs,
  ),
  TokenCount: {
    type: 'object',
    properties: { input_tokens: { type: 'integer' } },
    required: ['input_tokens'],
    ...countDocs,
  },
  GenerateContentRequest: openObject(
    'Gemini generateContent request; the path names the serving endpoint.',
    {
      contents: { type: 'array', items: { type: 'object' } },
      systemInstruction: { type: 'object' },
      generationConfig: { type: 'object' },
      tools: { type: 'array', items: { type: 'object' } },
    },
    ['contents'],
    generateDocs,
  ),
  GenerateContentResponse: answer('Gemini GenerateContentResponse.', generateDocs),
  GeminiCountTokensRequest: openObject(
    'Gemini countTokens request.',
    { contents: { type: 'array', items: { type: 'object' } } },
    [],
    geminiTokenDocs,
  ),
  GeminiCountTokensResponse: answer('Gemini CountTokensResponse ({totalTokens}).', geminiTokenDocs),
  EmbedContentRequest: openObject(
    'Gemini embedContent request.',
    { content: { type: 'object' } },
    ['content'],
    geminiEmbedDocs,
  ),
  EmbedContentResponse: answer('Gemini EmbedContentResponse ({embedding}).', geminiEmbedDocs),
  BatchEmbedContentsRequest: openObject(
    'Gemini batchEmbedContents request.',
    { requests: { type: 'array', items: { type: 'object' } } },
    ['requests'],
    geminiEmbedDocs,
  ),
  BatchEmbedContentsResponse: answer(
    'Gemini BatchEmbedContentsResponse ({embeddings}).',
    geminiEmbedDocs,
  ),
  ModelList: {
    type: 'object',
    description: 'The serving endpoints the caller may query, as OpenAI models.',
    properties: {
      object: { const: 'list' },
      data: {
        type: 'array',
        items: allRequired({
          id: { type: 'string', description: 'The serving endpoint name.' },
          object: { const: 'model' },
          created: { type: 'integer', description: 'epoch seconds' },
          owned_by: str,
          task: str,
        }),
      },
    },
    required: ['object', 'data'],
  },
  OpenAIError: allRequired({
    error: allRequired({
      message: str,
      type: str,
      param: { type: ['string', 'null'] },
      code: { type: ['string', 'null'] },
    }),
  }),
  AnthropicError: allRequired({
    type: { const: 'error' },
    error: allRequired({ type: str, message: str }),
  }),
  GeminiError: allRequired({
    error: allRequired({ code: { type: 'integer' }, message: str, status: str }),
  }),
  DatabricksError: {
    ...allRequired({
      error_code: {
        type: 'string',
        examples: [
          'INVALID_PARAMETER_VALUE',
          'UNAUTHENTICATED',
          'PERMISSION_DENIED',
          'RESOURCE_DOES_NOT_EXIST',
          'RESOURCE_ALREADY_EXISTS',
          'REQUEST_LIMIT_EXCEEDED',
        ],
      },
      message: str,
    }),
  },
} satisfies Record<string, JsonSchema>;
export type WireSchemaName = keyof typeof WIRE_SCHEMAS;
