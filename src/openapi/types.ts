// The route table's vocabulary (routes.ts): what the OpenAPI document says of one operation. Only
// metadata lives here; request schemas come from the zod schemas that validate them
// (control-schemas.ts) or, for the providers' own wire formats, from wire-schemas.ts.

import type { ControlSchemaName } from './control-schemas';
import type { WireSchemaName } from './wire-schemas';

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

/** Where the caller puts its token (CONTRACT §2): every route takes Bearer and Basic; some more. */
export type Auth = 'none' | 'gateway' | 'anthropic' | 'gemini';

/** The error body of a base URL (CONTRACT §3, §4). */
export type ErrorShape = 'openai' | 'anthropic' | 'gemini' | 'databricks';

export type Tag =
  | 'OpenAI'
  | 'Responses'
  | 'Anthropic'
  | 'Gemini'
  | 'Serving endpoints (query)'
  | 'Models'
  | 'Secrets'
  | 'Tokens'
  | 'Serving endpoints'
  | 'Permissions'
  | 'Usage'
  | 'Health';

export type SchemaName = ControlSchemaName | WireSchemaName;

/** A path or query parameter, always a string on the wire. */
export interface ParamDoc {
  name: string;
  in: 'path' | 'query';
  description: string;
  required?: boolean;
  enum?: readonly string[];
  /** May be given more than once (`?tag=a:1&tag=b:2`). */
  repeated?: boolean;
}

/** How an operation answers with success. */
export type ResponseDoc =
  | { kind: 'json'; schema: SchemaName; description: string }
  /** JSON, or a server-sent event stream when the body asks for one. */
  | { kind: 'json-or-sse'; schema: SchemaName; description: string }
  | { kind: 'sse'; description: string }
  | { kind: 'ndjson'; description: string }
  | { kind: 'empty'; description: string };

export interface RouteDoc {
  method: HttpMethod;
  /** OpenAPI path template (`{name}`), as served. */
  path: string;
  tag: Tag;
  summary: string;
  description?: string;
  auth: Auth;
  errors: ErrorShape;
  params?: readonly ParamDoc[];
  body?: SchemaName;
  response: ResponseDoc;
  /** Query routes take request tags in a header and answer 502/504 for upstream failures. */
  dataPlane?: boolean;
}
