import type { ParamDoc, RouteDoc } from './types';

// Every route the Worker serves, as the OpenAPI document (document.ts) describes it. The route
// test (test/openapi/routes.test.ts) fails when the app serves a route this table lacks.

const endpointPath: ParamDoc = {
  name: 'name',
  in: 'path',
  required: true,
  description: 'Serving endpoint name.',
};
const responseId: ParamDoc = {
  name: 'id',
  in: 'path',
  required: true,
  description: 'The response id.',
};
const usageFilters: readonly ParamDoc[] = [
  { name: 'endpoint_name', in: 'query', description: 'Only this endpoint (CAN_MANAGE on it).' },
  { name: 'requester', in: 'query', description: 'Only this principal.' },
  { name: 'start_time', in: 'query', description: 'From (inclusive): epoch ms or an ISO date.' },
  { name: 'end_time', in: 'query', description: 'Until (exclusive): epoch ms or an ISO date.' },
];
const paging: readonly ParamDoc[] = [
  { name: 'page_token', in: 'query', description: 'next_page_token of the previous page.' },
  { name: 'max_results', in: 'query', description: 'Rows per page, 1 to 1000 (default 100).' },
];

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

const DATA_PLANE: RouteDoc[] = [
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

const control = { auth: 'gateway', errors: 'databricks' } as const;
const empty = { kind: 'json', schema: 'Empty', description: 'Done.' } as const;

const CONTROL_PLANE: RouteDoc[] = [
  {
    ...control,
    tag: 'Secrets',
    method: 'post',
    path: '/api/2.0/secrets/scopes/create',
    summary: 'Create a secret scope (admin)',
    body: 'SecretScope',
    response: empty,
  },
  {
    ...control,
    tag: 'Secrets',
    method: 'get',
    path: '/api/2.0/secrets/scopes/list',
    summary: 'List secret scopes (admin)',
    response: { kind: 'json', schema: 'SecretScopeList', description: 'The scopes.' },
  },
  {
    ...control,
    tag: 'Secrets',
    method: 'post',
    path: '/api/2.0/secrets/scopes/delete',
    summary: 'Delete a secret scope and its secrets (admin)',
    body: 'SecretScope',
    response: empty,
  },
  {
    ...control,
    tag: 'Secrets',
    method: 'post',
    path: '/api/2.0/secrets/put',
    summary: 'Store a secret, encrypted (admin)',
    body: 'PutSecret',
    response: empty,
  },
  {
    ...control,
    tag: 'Secrets',
    method: 'get',
    path: '/api/2.0/secrets/list',
    summary: "List a scope's secret keys, never values (admin)",
    params: [{ name: 'scope', in: 'query', required: true, description: 'The scope.' }],
    response: { kind: 'json', schema: 'SecretList', description: 'The keys.' },
  },
  {
    ...control,
    tag: 'Secrets',
    method: 'post',
    path: '/api/2.0/secrets/delete',
    summary: 'Delete a secret (admin)',
    body: 'DeleteSecret',
    response: empty,
  },
  {
    ...control,
    tag: 'Tokens',
    method: 'post',
    path: '/api/2.0/token/create',
    summary: 'Create a gateway token (the value is shown once)',
    description:
      'The admin may add principal, principal_type and groups to mint a token for someone else.',
    body: 'CreateToken',
    response: { kind: 'json', schema: 'CreatedToken', description: 'The token and its info.' },
  },
  {
    ...control,
    tag: 'Tokens',
    method: 'get',
    path: '/api/2.0/token/list',
    summary: "List the caller's tokens (all for the admin)",
    response: { kind: 'json', schema: 'TokenList', description: 'Token infos, no values.' },
  },
  {
    ...control,
    tag: 'Tokens',
    method: 'get',
    path: '/api/2.0/preview/scim/v2/Me',
    summary: 'Who the presented token acts for (a SCIM user, as Databricks answers it)',
    response: {
      kind: 'json',
      schema: 'Me',
      description: 'The caller; the admin is in the admins group.',
    },
  },
  {
    ...control,
    tag: 'Tokens',
    method: 'post',
    path: '/api/2.0/token/delete',
    summary: 'Delete a token',
    body: 'DeleteToken',
    response: empty,
  },
  {
    ...control,
    tag: 'Serving endpoints',
    method: 'post',
    path: '/api/2.0/serving-endpoints',
    summary: 'Create a serving endpoint',
    body: 'CreateServingEndpoint',
    response: { kind: 'json', schema: 'ServingEndpoint', description: 'The endpoint.' },
  },
  {
    ...control,
    tag: 'Serving endpoints',
    method: 'get',
    path: '/api/2.0/serving-endpoints',
    summary: 'List the endpoints the caller may see',
    response: { kind: 'json', schema: 'ServingEndpointList', description: 'The endpoints.' },
  },
  {
    ...control,
    tag: 'Serving endpoints',
    method: 'get',
    path: '/api/2.0/serving-endpoints/{name}',
    summary: 'Get a serving endpoint (CAN_VIEW)',
    params: [endpointPath],
    response: { kind: 'json', schema: 'ServingEndpoint', description: 'The endpoint.' },
  },
  {
    ...control,
    tag: 'Serving endpoints',
    method: 'put',
    path: '/api/2.0/serving-endpoints/{name}/config',
    summary: 'Replace served entities and traffic split (CAN_MANAGE)',
    params: [endpointPath],
    body: 'EndpointCoreConfig',
    response: { kind: 'json', schema: 'ServingEndpoint', description: 'The endpoint.' },
  },
  {
    ...control,
    tag: 'Serving endpoints',
    method: 'put',
    path: '/api/2.0/serving-endpoints/{name}/ai-gateway',
    summary: 'Replace the ai_gateway block (CAN_MANAGE)',
    params: [endpointPath],
    body: 'AiGatewayConfig',
    response: { kind: 'json', schema: 'AiGatewayConfig', description: 'The block as stored.' },
  },
  {
    ...control,
    tag: 'Serving endpoints',
    method: 'delete',
    path: '/api/2.0/serving-endpoints/{name}',
    summary: 'Delete a serving endpoint and its stored credentials (CAN_MANAGE)',
    params: [endpointPath],
    response: empty,
  },
  {
    ...control,
    tag: 'Permissions',
    method: 'get',
    path: '/api/2.0/permissions/serving-endpoints/{name}',
    summary: "An endpoint's access control list (CAN_VIEW)",
    params: [endpointPath],
    response: { kind: 'json', schema: 'EndpointPermissions', description: 'The list.' },
  },
  {
    ...control,
    tag: 'Permissions',
    method: 'put',
    path: '/api/2.0/permissions/serving-endpoints/{name}',
    summary: 'Replace the access control list (CAN_MANAGE; the creator keeps CAN_MANAGE)',
    params: [endpointPath],
    body: 'PermissionsUpdate',
    response: { kind: 'json', schema: 'EndpointPermissions', description: 'The new list.' },
  },
  {
    ...control,
    tag: 'Permissions',
    method: 'patch',
    path: '/api/2.0/permissions/serving-endpoints/{name}',
    summary: 'Add to the access control list (CAN_MANAGE)',
    params: [endpointPath],
    body: 'PermissionsUpdate',
    response: { kind: 'json', schema: 'EndpointPermissions', description: 'The new list.' },
  },
  {
    ...control,
    tag: 'Usage',
    method: 'get',
    path: '/api/2.0/ai-gateway/usage',
    summary: 'Usage rows, newest first (admin, or CAN_MANAGE on the endpoint)',
    params: [...usageFilters, ...paging],
    response: { kind: 'json', schema: 'UsagePage', description: 'One page of rows.' },
  },
  {
    ...control,
    tag: 'Usage',
    method: 'get',
    path: '/api/2.0/ai-gateway/usage/summary',
    summary: 'Requests, tokens, errors and p50/p95 latency per group',
    params: [
      ...usageFilters,
      {
        name: 'group_by',
        in: 'query',
        description: 'endpoint (default), requester, served_entity, day, or tag:<key>.',
      },
    ],
    response: { kind: 'json', schema: 'UsageSummary', description: 'The groups.' },
  },
  {
    ...control,
    tag: 'Usage',
    method: 'get',
    path: '/api/2.0/ai-gateway/usage/export',
    summary: 'Archived usage rows of a time range as NDJSON (admin)',
    params: [
      { name: 'start_time', in: 'query', required: true, description: 'Epoch ms or ISO date.' },
      { name: 'end_time', in: 'query', required: true, description: 'Epoch ms or ISO date.' },
    ],
    response: { kind: 'ndjson', description: 'One usage row per line.' },
  },
  {
    ...control,
    tag: 'Usage',
    method: 'post',
    path: '/api/2.0/ai-gateway/usage/dead-letters/replay',
    summary: 'Put up to 100 dead-lettered usage messages back on the queue (admin)',
    response: { kind: 'json', schema: 'DeadLetterReplay', description: 'How many went back.' },
  },
  {
    ...control,
    tag: 'Usage',
    method: 'get',
    path: '/api/2.0/ai-gateway/inference',
    summary: "An endpoint's inference table, newest first (admin, or CAN_MANAGE)",
    params: [{ ...usageFilters[0], required: true }, ...usageFilters.slice(1), ...paging],
    response: { kind: 'json', schema: 'InferencePage', description: 'One page of records.' },
  },
];

export const ROUTES: readonly RouteDoc[] = [
  {
    tag: 'Health',
    auth: 'none',
    errors: 'openai',
    method: 'get',
    path: '/health',
    summary: 'Liveness',
    response: { kind: 'json', schema: 'Health', description: 'Up.' },
  },
  ...DATA_PLANE,
  ...CONTROL_PLANE,
];
