import * as z from 'zod/mini';
import { aiGatewayConfig } from '../config/ai-gateway';
import { endpointCoreConfig } from '../config/endpoint-config';
import { TASKS } from '../config/tasks';
import type { scimUser } from '../gateway/scim-user';
import { TOKEN_COLUMNS, type UsageRow } from '../storage/usage';
import type { InferenceRecord } from '../storage/inference';
import type { UsageGroup } from '../storage/usage-summary';

// The control plane's answers. The handlers build them by hand (there is nothing to validate on
// the way out), so they are described here for the document only; where storage has a type for a
// row, `satisfies` keeps the description from drifting from it.

const epochMs = () => z.int().check(z.describe('epoch milliseconds'));
const nullable = <T extends z.ZodMiniType>(t: T) => z.nullable(t);
const tagsObject = z.record(z.string(), z.string());
const LEVELS = ['CAN_VIEW', 'CAN_QUERY', 'CAN_MANAGE'] as const;
/** The token sums a usage row and a summary group both carry. */
const tokenCounts = Object.fromEntries(TOKEN_COLUMNS.map((column) => [column, z.int()])) as Record<
  (typeof TOKEN_COLUMNS)[number],
  z.ZodMiniInt
>;

export const emptyObject = z.object({});

export const servingEndpoint = z.object({
  name: z.string(),
  id: z.string(),
  creator: z.string(),
  creation_timestamp: epochMs(),
  last_updated_timestamp: epochMs(),
  state: z.object({ ready: z.literal('READY'), config_update: z.literal('NOT_UPDATING') }),
  config: endpointCoreConfig,
  ai_gateway: aiGatewayConfig,
  task: z.enum(TASKS),
  tags: z.array(z.object({ key: z.string(), value: z.optional(z.string()) })),
  endpoint_type: z.literal('EXTERNAL_MODEL'),
  /** Only in the list: the caller's own level on the endpoint. */
  permission_level: z.optional(z.enum(LEVELS)),
});

export const servingEndpointList = z.object({ endpoints: z.array(servingEndpoint) });

const tokenInfo = z.object({
  token_id: z.string(),
  creation_time: epochMs(),
  expiry_time: z.int().check(z.describe('epoch milliseconds; -1 for a token that never expires')),
  comment: z.string(),
  principal: z.string(),
  principal_type: z.enum(['user', 'service_principal']),
  groups: z.array(z.string()),
});

export const createdToken = z.object({
  token_value: z.string().check(z.describe('The token itself, shown only in this answer.')),
  token_info: tokenInfo,
});
export const tokenList = z.object({ token_infos: z.array(tokenInfo) });

export const scopeList = z.object({
  scopes: z.array(z.object({ name: z.string(), backend_type: z.literal('DATABRICKS') })),
});
export const secretList = z.object({
  secrets: z.array(z.object({ key: z.string(), last_updated_timestamp: epochMs() })),
});

export const endpointPermissions = z.object({
  object_id: z.string(),
  object_type: z.literal('serving-endpoint'),
  endpoint_name: z.string(),
  access_control_list: z.array(
    z.object({
      user_name: z.optional(z.string()),
      group_name: z.optional(z.string()),
      service_principal_name: z.optional(z.string()),
      all_permissions: z.array(
        z.object({ permission_level: z.enum(LEVELS), inherited: z.boolean() }),
      ),
    }),
  ),
});

export const usageRow = z.object({
  request_id: z.string(),
  event_time: epochMs(),
  endpoint_name: nullable(z.string()),
  endpoint_id: nullable(z.string()),
  served_entity_name: nullable(z.string()),
  provider: nullable(z.string()),
  destination_model: nullable(z.string()),
  requester: nullable(z.string()),
  requester_type: nullable(z.string()),
  api_type: z.string(),
  status_code: z.int(),
  ...tokenCounts,
  tokens_estimated: z.boolean(),
  streaming: z.boolean(),
  latency_ms: nullable(z.int()),
  time_to_first_byte_ms: nullable(z.int()),
  fallback_attempts: z.int(),
  request_tags: tagsObject,
  user_agent: nullable(z.string()),
  error_message: nullable(z.string()),
  guardrail_results: nullable(z.record(z.string(), z.unknown())),
}) satisfies z.ZodMiniType<UsageRow>;

const nextPageToken = z.optional(
  z.string().check(z.describe('Pass as page_token for the next page; absent on the last page.')),
);
export const usagePage = z.object({ rows: z.array(usageRow), next_page_token: nextPageToken });

const usageGroup = z.object({
  key: nullable(z.string()),
  requests: z.int(),
  errors: z.int(),
  latency_p50_ms: nullable(z.number()),
  latency_p95_ms: nullable(z.number()),
  ...tokenCounts,
}) satisfies z.ZodMiniType<UsageGroup>;

export const usageSummary = z.object({
  group_by: z.string(),
  start_time: nullable(epochMs()),
  end_time: nullable(epochMs()),
  groups: z.array(usageGroup),
});

const inferenceRecord = z.object({
  request_id: z.string(),
  event_time: epochMs(),
  endpoint_name: z.string(),
  served_entity_name: nullable(z.string()),
  requester: nullable(z.string()),
  status_code: z.int(),
  request_body: nullable(z.string()),
  response_body: nullable(z.string()),
  truncated: z.boolean(),
  request_tags: tagsObject,
  latency_ms: nullable(z.int()),
  time_to_first_byte_ms: nullable(z.int()),
}) satisfies z.ZodMiniType<InferenceRecord>;

export const inferencePage = z.object({
  rows: z.array(inferenceRecord),
  next_page_token: nextPageToken,
  body_limit: z
    .int()
    .check(z.describe('Bytes of each body kept; longer ones are cut and marked truncated.')),
});

export const deadLetterReplay = z.object({
  replayed: z.int(),
  remaining: z.boolean().check(z.describe('Whether more dead letters wait for another call.')),
});

export const health = z.object({ status: z.literal('ok') });

export const me = z.object({
  schemas: z.array(z.string()),
  id: z.string(),
  userName: z.string(),
  displayName: z.string(),
  active: z.boolean(),
  groups: z.array(z.object({ display: z.string() })),
  principal_type: z.enum(['user', 'service_principal']),
  is_admin: z.boolean(),
}) satisfies z.ZodMiniType<ReturnType<typeof scimUser>>;
