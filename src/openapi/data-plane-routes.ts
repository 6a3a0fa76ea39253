import { endpointPath, responseId } from './route-params';
import type { ParamDoc, RouteDoc } from './types';

// The query routes (every front door and base URL) as the OpenAPI document describes them.

/** The OpenAI-shaped base URLs: the unified one and the native one (same routes, same bodies). */
const OPENAI_BASES = [
  ['/ai-gateway/mlflow/v1', 'unified: any provider behind it'],
  ['/ai-gateway/openai/v1', 'native: forwarded as is when the provider speaks OpenAI'],
] as const;

function openAIRoutes(base: string, note: string): RouteDoc[] {
  const common = { tag: 'OpenAI', auth: 'gateway', errors: 'openai', dataPlane: true } as const;
  return [
    {
      ...common,
      method: 'post',
      path: `${base}/chat/completions`,
      summary: `Chat completion (${note})`,
      body: 'ChatCompletionRequest',
      response: { kind: 'json-or-sse', schema: 'ChatCompletion', description: 'The completion.' },
    },
    {
      ...common,
      method: 'post',
      path: `${base}/embeddings`,
      summary: `Embeddings (${note})`,
      body: 'EmbeddingRequest',
      response: { kind: 'json', schema: 'EmbeddingList', description: 'The embeddings.' },
    },
    {
      ...common,
      method: 'get',
      path: `${base}/models`,
      tag: 'Models',
      summary: 'Serving endpoints the caller may query',
      dataPlane: false,
      response: { kind: 'json', schema: 'ModelList', description: 'OpenAI-style model list.' },
    },
  ];
}

function responsesRoutes(base: string, note: string): RouteDoc[] {
  const common = { tag: 'Responses', auth: 'gateway', errors: 'openai', dataPlane: true } as const;
  return [
    {
      ...common,
      method: 'post',
      path: `${base}/responses`,
      summary: `Create a response (${note})`,
      body: 'ResponseRequest',
      response: { kind: 'json-or-sse', schema: 'Response', description: 'The response.' },
    },
    {
      ...common,
      method: 'get',
      path: `${base}/responses/{id}`,
      summary: "Read one of the caller's stored responses",
      params: [responseId],
      response: { kind: 'json', schema: 'Response', description: 'The stored response.' },
    },
    {
      ...common,
      method: 'get',
      path: `${base}/responses/{id}/input_items`,
      summary: 'Input items of a stored response',
      params: [
        responseId,
        { name: 'order', in: 'query', description: 'Default desc.', enum: ['asc', 'desc'] },
        { name: 'limit', in: 'query', description: '1 to 100 (default 20).' },
        { name: 'after', in: 'query', description: 'Item id to list after.' },
      ],
      response: { kind: 'json', schema: 'ResponseInputItems', description: 'One page of items.' },
    },
    {
      ...common,
      method: 'delete',
      path: `${base}/responses/{id}`,
      summary: 'Delete a stored response',
      params: [responseId],
      response: { kind: 'json', schema: 'ResponseDeleted', description: 'Deleted.' },
    },
  ];
}

/** Gemini's `models/{model}:{method}` routes of one API version. */
function geminiRoutes(version: string): RouteDoc[] {
  const common = { tag: 'Gemini', auth: 'gemini', errors: 'gemini', dataPlane: true } as const;
  const model: ParamDoc = {
    name: 'model',
    in: 'path',
    required: true,
    description: 'Serving endpoint name.',
  };
  const base = `/ai-gateway/gemini/${version}/models/{model}`;
  return [
    {
      ...common,
      method: 'post',
      path: `${base}:generateContent`,
      summary: `Generate content (${version})`,
      params: [model],
      body: 'GenerateContentRequest',
      response: { kind: 'json', schema: 'GenerateContentResponse', description: 'The answer.' },
    },
    {
      ...common,
      method: 'post',
      path: `${base}:streamGenerateContent`,
      summary: `Generate content, streamed (${version})`,
      description: 'With `?alt=sse` server-sent events, otherwise one JSON array streamed.',
      params: [
        model,
        { name: 'alt', in: 'query', description: 'sse for server-sent events.', enum: ['sse'] },
      ],
      body: 'GenerateContentRequest',
      response: { kind: 'sse', description: 'GenerateContentResponse chunks.' },
    },
    {
      ...common,
      method: 'post',
      path: `${base}:countTokens`,
      summary: `Count tokens (${version})`,
      params: [model],
      body: 'GeminiCountTokensRequest',
      response: {
        kind: 'json',
        schema: 'GeminiCountTokensResponse',
        description: 'The count.',
      },
    },
    {
      ...common,
      method: 'post',
      path: `${base}:embedContent`,
      summary: `Embed content (${version})`,
      params: [model],
      body: 'EmbedContentRequest',
      response: { kind: 'json', schema: 'EmbedContentResponse', description: 'The embedding.' },
    },
    {
      ...common,
      method: 'post',
      path: `${base}:batchEmbedContents`,
      summary: `Embed contents in a batch (${version})`,
      params: [model],
      body: 'BatchEmbedContentsRequest',
      response: {
        kind: 'json',
        schema: 'BatchEmbedContentsResponse',
        description: 'The embeddings.',
      },
    },
  ];
}

const servingQuery = {
  tag: 'Serving endpoints (query)',
  auth: 'gateway',
  errors: 'openai',
  dataPlane: true,
} as const;

export const DATA_PLANE: RouteDoc[] = [
  ...OPENAI_BASES.flatMap(([base, note]) => [
    ...openAIRoutes(base, note),
    ...responsesRoutes(base, note),
  ]),
  {
    tag: 'OpenAI',
    auth: 'gateway',
    errors: 'openai',
    dataPlane: true,
    method: 'post',
    path: '/ai-gateway/mlflow/v1/completions',
    summary: 'Legacy completion',
    body: 'CompletionRequest',
    response: { kind: 'json-or-sse', schema: 'Completion', description: 'The completion.' },
  },
  {
    tag: 'Anthropic',
    auth: 'anthropic',
    errors: 'anthropic',
    dataPlane: true,
    method: 'post',
    path: '/ai-gateway/anthropic/v1/messages',
    summary: 'Create a message (any provider behind it)',
    description: 'Query parameters such as `?beta=true` are accepted.',
    body: 'MessagesRequest',
    response: { kind: 'json-or-sse', schema: 'Message', description: 'The message.' },
  },
  {
    tag: 'Anthropic',
    auth: 'anthropic',
    errors: 'anthropic',
    dataPlane: true,
    method: 'post',
    path: '/ai-gateway/anthropic/v1/messages/count_tokens',
    summary: 'Count the tokens of a message',
    description:
      'Exact where the provider can count, otherwise estimated; the `x-gateway-token-count` answer header says `exact` or `estimated`.',
    body: 'CountTokensRequest',
    response: { kind: 'json', schema: 'TokenCount', description: 'The count.' },
  },
  {
    tag: 'Anthropic',
    auth: 'none',
    errors: 'anthropic',
    method: 'get',
    path: '/ai-gateway/anthropic',
    summary: 'Base URL probe (HEAD or GET, no credentials)',
    description: "Answers 200 with no body: Claude Code's check of its base URL.",
    response: { kind: 'empty', description: 'Reachable.' },
  },
  ...geminiRoutes('v1beta'),
  ...geminiRoutes('v1'),
  {
    ...servingQuery,
    method: 'post',
    path: '/serving-endpoints/{name}/invocations',
    summary: "Query an endpoint: chat, completions or embeddings by the endpoint's task",
    params: [endpointPath],
    body: 'InvocationRequest',
    response: { kind: 'json-or-sse', schema: 'InvocationResponse', description: 'The answer.' },
  },
  {
    ...servingQuery,
    method: 'post',
    path: '/serving-endpoints/chat/completions',
    summary: 'Chat completion (`model` names the endpoint)',
    body: 'ChatCompletionRequest',
    response: { kind: 'json-or-sse', schema: 'ChatCompletion', description: 'The completion.' },
  },
  {
    ...servingQuery,
    method: 'post',
    path: '/serving-endpoints/completions',
    summary: 'Legacy completion (`model` names the endpoint)',
    body: 'CompletionRequest',
    response: { kind: 'json-or-sse', schema: 'Completion', description: 'The completion.' },
  },
  {
    ...servingQuery,
    method: 'post',
    path: '/serving-endpoints/embeddings',
    summary: 'Embeddings (`model` names the endpoint)',
    body: 'EmbeddingRequest',
    response: { kind: 'json', schema: 'EmbeddingList', description: 'The embeddings.' },
  },
  {
    ...servingQuery,
    method: 'post',
    path: '/serving-endpoints/responses',
    summary: 'Create a response (`model` names the endpoint)',
    body: 'ResponseRequest',
    response: { kind: 'json-or-sse', schema: 'Response', description: 'The response.' },
  },
  {
    ...servingQuery,
    tag: 'Models',
    dataPlane: false,
    method: 'get',
    path: '/serving-endpoints/v1/models',
    summary: 'Serving endpoints the caller may query',
    response: { kind: 'json', schema: 'ModelList', description: 'OpenAI-style model list.' },
  },
];
