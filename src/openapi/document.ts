import { version } from '../../package.json';
import { componentRef, controlComponents, type JsonSchema } from './control-schemas';
import { BODY_EXAMPLES } from './examples';
import { ROUTES } from './routes';
import type { Auth, ErrorShape, ResponseDoc, RouteDoc, SchemaName, Tag } from './types';
import { WIRE_SCHEMAS } from './wire-schemas';

// The OpenAPI 3.1 document, built at build time (scripts/build-openapi.mjs) from the route table
// and the schemas; nothing here runs in the Worker.

const ref = (name: string) => ({ $ref: componentRef(name) });

const SECURITY_SCHEMES = {
  bearer: {
    type: 'http',
    scheme: 'bearer',
    description: 'A gateway token (POST /api/2.0/token/create) or GATEWAY_ADMIN_TOKEN.',
  },
  basic: {
    type: 'http',
    scheme: 'basic',
    description: 'User name `token`, password the gateway token (as `curl -u token:$T` sends it).',
  },
  anthropicKey: {
    type: 'apiKey',
    in: 'header',
    name: 'x-api-key',
    description: 'The gateway token; an Authorization header wins over it.',
  },
  geminiKey: {
    type: 'apiKey',
    in: 'header',
    name: 'x-goog-api-key',
    description: 'The gateway token; an Authorization header wins over it.',
  },
  geminiQueryKey: {
    type: 'apiKey',
    in: 'query',
    name: 'key',
    description: 'The gateway token; an Authorization header wins over it.',
  },
} as const;
type Scheme = keyof typeof SECURITY_SCHEMES;

const SCHEMES_OF: Record<Auth, Scheme[]> = {
  none: [],
  gateway: ['bearer', 'basic'],
  anthropic: ['bearer', 'basic', 'anthropicKey'],
  gemini: ['bearer', 'basic', 'geminiKey', 'geminiQueryKey'],
};

const ERROR_SCHEMA: Record<ErrorShape, string> = {
  openai: 'OpenAIError',
  anthropic: 'AnthropicError',
  gemini: 'GeminiError',
  databricks: 'DatabricksError',
};

const ERROR_STATUSES: Record<string, string> = {
  '400': 'Bad request; the message names the field.',
  '401': 'Missing or bad token.',
  '403': 'Valid token without the permission.',
  '404': 'Unknown endpoint or resource.',
  '409': 'Already exists.',
  '413': 'Body larger than MAX_REQUEST_BODY_BYTES.',
  '429': 'Rate limited; see Retry-After.',
  '502': 'Upstream failed (an upstream 4xx is passed on with its status).',
  '504': 'Upstream timed out.',
};

const TAGS: { name: Tag; description: string }[] = [
  { name: 'OpenAI', description: 'OpenAI Chat Completions, Completions and Embeddings.' },
  { name: 'Responses', description: 'OpenAI Responses, translated to any provider.' },
  { name: 'Anthropic', description: 'Anthropic Messages, any provider behind it.' },
  { name: 'Gemini', description: 'Gemini, any provider behind it.' },
  {
    name: 'Serving endpoints (query)',
    description: 'Databricks-style query routes: `OpenAI(base_url=".../serving-endpoints")`.',
  },
  { name: 'Models', description: 'The endpoints a caller may query.' },
  { name: 'Serving endpoints', description: 'Create and configure serving endpoints.' },
  { name: 'Secrets', description: 'Encrypted provider credentials (admin).' },
  { name: 'Tokens', description: 'Gateway tokens.' },
  { name: 'Permissions', description: 'CAN_QUERY, CAN_VIEW, CAN_MANAGE per endpoint.' },
  { name: 'Usage', description: 'Usage rows, summaries, export and inference tables.' },
  { name: 'Health', description: 'Liveness.' },
];

const REQUEST_TAGS_HEADER = {
  name: 'Databricks-Ai-Gateway-Request-Tags',
  in: 'header',
  description: 'A JSON object of string to string, stored with the usage row.',
  schema: { type: 'string' },
  example: '{"team":"search"}',
};

const text = { schema: { type: 'string' } };

function success(r: ResponseDoc): JsonSchema {
  switch (r.kind) {
    case 'json':
      return {
        description: r.description,
        content: { 'application/json': { schema: ref(r.schema) } },
      };
    case 'json-or-sse':
      return {
        description: `${r.description} Server-sent events when the body asks to stream.`,
        content: { 'application/json': { schema: ref(r.schema) }, 'text/event-stream': text },
      };
    case 'sse':
      return { description: r.description, content: { 'text/event-stream': text } };
    case 'ndjson':
      return { description: r.description, content: { 'application/x-ndjson': text } };
    case 'empty':
      return { description: r.description };
  }
}

function errorStatuses(route: RouteDoc): string[] {
  if (route.auth === 'none') return [];
  const statuses = ['400', '401', '403', '404', '429'];
  if (route.errors === 'databricks') statuses.push('409');
  if (route.body) statuses.push('413');
  if (route.dataPlane) statuses.push('502', '504');
  return statuses.sort();
}

const errorResponseName = (shape: ErrorShape, status: string) => `${ERROR_SCHEMA[shape]}.${status}`;

/** Each (error shape, status) answer some route gives, once, in components.responses. */
function errorResponses(routes: readonly RouteDoc[]): Record<string, JsonSchema> {
  const responses: Record<string, JsonSchema> = {};
  for (const route of routes)
    for (const status of errorStatuses(route))
      responses[errorResponseName(route.errors, status)] = {
        description: ERROR_STATUSES[status],
        content: { 'application/json': { schema: ref(ERROR_SCHEMA[route.errors]) } },
        ...(status === '429'
          ? { headers: { 'Retry-After': { description: 'Seconds.', schema: { type: 'string' } } } }
          : {}),
      };
  return responses;
}

function requestBody(schema: SchemaName): JsonSchema {
  const example = BODY_EXAMPLES[schema];
  return {
    required: true,
    content: {
      'application/json': { schema: ref(schema), ...(example === undefined ? {} : { example }) },
    },
  };
}

function operation(route: RouteDoc): JsonSchema {
  const responses: JsonSchema = { '200': success(route.response) };
  for (const status of errorStatuses(route))
    responses[status] = {
      $ref: `#/components/responses/${errorResponseName(route.errors, status)}`,
    };
  const parameters = [
    ...(route.params ?? []).map(({ enum: values, required, repeated, ...p }) => {
      const schema = values ? { type: 'string', enum: [...values] } : { type: 'string' };
      return {
        ...p,
        ...(required ? { required } : {}),
        schema: repeated ? { type: 'array', items: schema } : schema,
      };
    }),
    ...(route.dataPlane ? [REQUEST_TAGS_HEADER] : []),
  ];
  return {
    tags: [route.tag],
    summary: route.summary,
    ...(route.description ? { description: route.description } : {}),
    operationId: `${route.method}${route.path.replace(/[^A-Za-z0-9]+(.)?/g, (_, c = '') => c.toUpperCase())}`,
    security: SCHEMES_OF[route.auth].map((scheme) => ({ [scheme]: [] })),
    ...(parameters.length ? { parameters } : {}),
    ...(route.body ? { requestBody: requestBody(route.body) } : {}),
    responses,
  };
}

export function openApiDocument(): JsonSchema {
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const route of ROUTES) (paths[route.path] ??= {})[route.method] = operation(route);
  return {
    openapi: '3.1.0',
    info: {
      title: 'LLM gateway',
      version,
      description:
        'Query routes speak each provider dialect (OpenAI, Responses, Anthropic, Gemini) and answer errors in it; the control plane is Databricks-shaped REST with `{"error_code","message"}` errors.',
    },
    servers: [{ url: '/', description: 'This gateway' }],
    tags: TAGS,
    paths,
    components: {
      schemas: { ...controlComponents(), ...WIRE_SCHEMAS },
      responses: errorResponses(ROUTES),
      securitySchemes: SECURITY_SCHEMES,
    },
  };
}
