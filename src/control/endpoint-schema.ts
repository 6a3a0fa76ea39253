import { z } from 'zod';

// The serving-endpoint body (CONTRACT §4, §5), validated on every write.

export const PROVIDERS = [
  'openai',
  'anthropic',
  'amazon-bedrock',
  'google-cloud-vertex-ai',
  'cohere',
  'ai21labs',
  'databricks-model-serving',
  'custom',
] as const;
export type ProviderName = (typeof PROVIDERS)[number];

export const TASKS = ['llm/v1/chat', 'llm/v1/completions', 'llm/v1/embeddings'] as const;
export type Task = (typeof TASKS)[number];

/** `{{secrets/scope/key}}` */
export const SECRET_REFERENCE = /^\{\{secrets\/([A-Za-z0-9_.@-]+)\/([A-Za-z0-9_.@/-]+)\}\}$/;

const url = z.url({ protocol: /^https?$/ });
const optionalString = z.string().min(1).optional();
/** A credential field given either as a secret reference or as X_plaintext; checked in `credentialIssues`. */
const credential = z.string().min(1).optional();

const openaiConfig = z.strictObject({
  openai_api_type: z.enum(['openai', 'azure', 'azuread']).optional(),
  openai_api_key: credential,
  openai_api_key_plaintext: credential,
  openai_api_base: url.optional(),
  openai_organization: optionalString,
  openai_deployment_name: optionalString,
  openai_api_version: optionalString,
  microsoft_entra_tenant_id: optionalString,
  microsoft_entra_client_id: optionalString,
  microsoft_entra_client_secret: credential,
  microsoft_entra_client_secret_plaintext: credential,
  microsoft_entra_authority_host: url.optional(),
});

const anthropicConfig = z.strictObject({
  anthropic_api_key: credential,
  anthropic_api_key_plaintext: credential,
  anthropic_api_base: url.optional(),
});

const bedrockConfig = z.strictObject({
  aws_region: z.string().regex(/^[a-z0-9-]+$/, 'must be an AWS region such as us-east-1'),
  aws_access_key_id: credential,
  aws_access_key_id_plaintext: credential,
  aws_secret_access_key: credential,
  aws_secret_access_key_plaintext: credential,
  aws_session_token: credential,
  aws_session_token_plaintext: credential,
  bedrock_provider: z.enum(['anthropic', 'cohere', 'ai21labs', 'amazon']),
  bedrock_api_base: url.optional(),
});

const vertexConfig = z.strictObject({
  private_key: credential,
  private_key_plaintext: credential,
  region: z.string().regex(/^[a-z0-9-]+$/, 'must be a Google Cloud region such as us-central1 or global'),
  project_id: z.string().min(1),
  vertex_api_base: url.optional(),
});

const cohereConfig = z.strictObject({
  cohere_api_key: credential,
  cohere_api_key_plaintext: credential,
  cohere_api_base: url.optional(),
});

const ai21Config = z.strictObject({
  ai21labs_api_key: credential,
  ai21labs_api_key_plaintext: credential,
  ai21labs_api_base: url.optional(),
});

const databricksConfig = z.strictObject({
  databricks_workspace_url: url,
  databricks_api_token: credential,
  databricks_api_token_plaintext: credential,
});

const customConfig = z.strictObject({
  custom_provider_url: url,
  bearer_token_auth: z.strictObject({ token: credential, token_plaintext: credential }).optional(),
  api_key_auth: z
    .strictObject({ key: z.string().min(1), value: credential, value_plaintext: credential })
    .optional(),
});

/** The config block name of each provider: `<provider>_config` with `-` → `_`; custom uses custom_provider_config. */
export const CONFIG_BLOCK: Record<ProviderName, string> = {
  openai: 'openai_config',
  anthropic: 'anthropic_config',
  'amazon-bedrock': 'amazon_bedrock_config',
  'google-cloud-vertex-ai': 'google_cloud_vertex_ai_config',
  cohere: 'cohere_config',
  ai21labs: 'ai21labs_config',
  'databricks-model-serving': 'databricks_model_serving_config',
  custom: 'custom_provider_config',
};

const CONFIG_SCHEMA: Record<ProviderName, z.ZodType> = {
  openai: openaiConfig,
  anthropic: anthropicConfig,
  'amazon-bedrock': bedrockConfig,
  'google-cloud-vertex-ai': vertexConfig,
  cohere: cohereConfig,
  ai21labs: ai21Config,
  'databricks-model-serving': databricksConfig,
  custom: customConfig,
};

/** Credential fields per provider (dotted paths inside the config block); `required` ones must be given. */
export function credentialFields(provider: ProviderName, config: Record<string, any>): { path: string; required: boolean }[] {
  switch (provider) {
    case 'openai':
      return config.openai_api_type === 'azuread'
        ? [{ path: 'microsoft_entra_client_secret', required: true }]
        : [{ path: 'openai_api_key', required: true }];
    case 'anthropic':
      return [{ path: 'anthropic_api_key', required: true }];
    case 'amazon-bedrock':
      return [
        { path: 'aws_access_key_id', required: true },
        { path: 'aws_secret_access_key', required: true },
        { path: 'aws_session_token', required: false },
      ];
    case 'google-cloud-vertex-ai':
      return [{ path: 'private_key', required: true }];
    case 'cohere':
      return [{ path: 'cohere_api_key', required: true }];
    case 'ai21labs':
      return [{ path: 'ai21labs_api_key', required: true }];
    case 'databricks-model-serving':
      return [{ path: 'databricks_api_token', required: true }];
    case 'custom':
      return [
        ...(config.bearer_token_auth ? [{ path: 'bearer_token_auth.token', required: true }] : []),
        ...(config.api_key_auth ? [{ path: 'api_key_auth.value', required: true }] : []),
      ];
  }
}

const externalModel = z
  .object({
    name: z.string().min(1),
    provider: z.string(),
    task: z.enum(TASKS),
  })
  .catchall(z.unknown())
  .superRefine((model, ctx) => {
    if (!(PROVIDERS as readonly string[]).includes(model.provider)) {
      ctx.addIssue({
        code: 'custom',
        path: ['provider'],
        message: `unknown provider '${model.provider}'; expected one of ${PROVIDERS.join(', ')}`,
      });
      return;
    }
    const provider = model.provider as ProviderName;
    const block = CONFIG_BLOCK[provider];
    for (const key of Object.keys(model)) {
      if (!['name', 'provider', 'task', block].includes(key)) {
        ctx.addIssue({ code: 'custom', path: [key], message: `unexpected field for provider ${provider}` });
      }
    }
    const config = model[block];
    if (config === undefined) {
      ctx.addIssue({ code: 'custom', path: [block], message: `${block} is required for provider ${provider}` });
      return;
    }
    const parsed = CONFIG_SCHEMA[provider].safeParse(config);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) ctx.addIssue({ ...issue, path: [block, ...issue.path] } as never);
      return;
    }
    for (const issue of providerRules(provider, model.task, parsed.data as Record<string, any>)) {
      ctx.addIssue({ code: 'custom', path: [block, ...issue.path], message: issue.message });
    }
  });

interface Issue {
  path: string[];
  message: string;
}

function providerRules(provider: ProviderName, task: Task, config: Record<string, any>): Issue[] {
  const issues: Issue[] = [];
  for (const { path, required } of credentialFields(provider, config)) {
    const parts = path.split('.');
    const leaf = parts.pop()!;
    const holder = parts.reduce((o, k) => o?.[k], config) ?? {};
    const ref = holder[leaf];
    const plain = holder[`${leaf}_plaintext`];
    if (ref !== undefined && plain !== undefined) {
      issues.push({ path: [...parts, leaf], message: `give either ${leaf} or ${leaf}_plaintext, not both` });
    } else if (ref === undefined && plain === undefined && required) {
      issues.push({ path: [...parts, leaf], message: `${leaf} (a {{secrets/scope/key}} reference) or ${leaf}_plaintext is required` });
    } else if (ref !== undefined && !SECRET_REFERENCE.test(ref)) {
      issues.push({ path: [...parts, leaf], message: `${leaf} must be a secret reference {{secrets/scope/key}}; use ${leaf}_plaintext for a literal value` });
    }
  }
  if (provider === 'openai' && (config.openai_api_type === 'azure' || config.openai_api_type === 'azuread')) {
    for (const field of ['openai_api_base', 'openai_deployment_name', 'openai_api_version']) {
      if (!config[field]) issues.push({ path: [field], message: `${field} is required when openai_api_type is ${config.openai_api_type}` });
    }
    if (config.openai_api_type === 'azuread') {
      for (const field of ['microsoft_entra_tenant_id', 'microsoft_entra_client_id']) {
        if (!config[field]) issues.push({ path: [field], message: `${field} is required when openai_api_type is azuread` });
      }
    }
  }
  if (provider === 'custom') {
    const auths = Number(!!config.bearer_token_auth) + Number(!!config.api_key_auth);
    if (auths > 1) issues.push({ path: [], message: 'give at most one of bearer_token_auth and api_key_auth' });
  }
  if (task === 'llm/v1/embeddings' && (provider === 'anthropic' || provider === 'ai21labs')) {
    issues.push({ path: [], message: `provider ${provider} does not serve task llm/v1/embeddings` });
  }
  return issues;
}

const servedEntity = z.strictObject({
  name: z.string().regex(/^[A-Za-z0-9_.-]{1,63}$/, 'must be 1-63 letters, digits, dots, dashes or underscores').optional(),
  external_model: externalModel,
  workload_size: z.string().optional(),
  scale_to_zero_enabled: z.boolean().optional(),
});

const route = z
  .strictObject({
    served_model_name: z.string().min(1).optional(),
    served_entity_name: z.string().min(1).optional(),
    traffic_percentage: z.number().int().min(0).max(100),
  })
  .refine((r) => r.served_model_name || r.served_entity_name, { message: 'served_model_name is required' });

export const endpointCoreConfig = z
  .strictObject({
    served_entities: z.array(servedEntity).min(1, 'at least one served entity is required'),
    traffic_config: z.strictObject({ routes: z.array(route).min(1) }).optional(),
  })
  .superRefine((config, ctx) => {
    const names = config.served_entities.map((e) => e.name ?? e.external_model.name);
    const seen = new Set<string>();
    names.forEach((name, i) => {
      if (seen.has(name)) ctx.addIssue({ code: 'custom', path: ['served_entities', i, 'name'], message: `duplicate served entity name '${name}'` });
      seen.add(name);
    });
    const tasks = new Set(config.served_entities.map((e) => e.external_model.task));
    if (tasks.size > 1) ctx.addIssue({ code: 'custom', path: ['served_entities'], message: 'all served entities must have the same task' });
    const routes = config.traffic_config?.routes;
    if (routes) {
      routes.forEach((r, i) => {
        const target = r.served_model_name ?? r.served_entity_name!;
        if (!seen.has(target)) {
          ctx.addIssue({ code: 'custom', path: ['traffic_config', 'routes', i, 'served_model_name'], message: `route names '${target}', which is not a served entity` });
        }
      });
      const sum = routes.reduce((s, r) => s + r.traffic_percentage, 0);
      if (sum !== 100) ctx.addIssue({ code: 'custom', path: ['traffic_config', 'routes'], message: `traffic percentages must sum to 100, got ${sum}` });
    }
  });

const guardrailSide = z.strictObject({
  safety: z.boolean().optional(),
  pii: z.strictObject({ behavior: z.enum(['NONE', 'BLOCK', 'MASK']) }).optional(),
  invalid_keywords: z.array(z.string().min(1)).optional(),
  valid_topics: z.array(z.string().min(1)).optional(),
});

export const aiGatewayConfig = z.strictObject({
  usage_tracking_config: z.strictObject({ enabled: z.boolean() }).optional(),
  inference_table_config: z
    .strictObject({
      enabled: z.boolean(),
      catalog_name: z.string().optional(),
      schema_name: z.string().optional(),
      table_name_prefix: z.string().optional(),
    })
    .optional(),
  rate_limits: z
    .array(
      z
        .strictObject({
          key: z.enum(['user', 'endpoint', 'user_group', 'service_principal']),
          principal: z.string().min(1).optional(),
          calls: z.number().int().positive().optional(),
          tokens: z.number().int().positive().optional(),
          renewal_period: z.literal('minute'),
        })
        .refine((r) => r.calls !== undefined || r.tokens !== undefined, { message: 'a rate limit needs calls or tokens' }),
    )
    .optional(),
  guardrails: z
    .strictObject({
      input: guardrailSide.optional(),
      output: guardrailSide.optional(),
      /** Serving endpoint on this gateway that judges `safety` and `valid_topics`. */
      judge_endpoint: z.string().min(1).optional(),
    })
    .optional(),
  fallback_config: z.strictObject({ enabled: z.boolean() }).optional(),
});

export const endpointName = z.string().regex(/^[A-Za-z0-9_-]{1,63}$/, 'must be 1-63 letters, digits, dashes or underscores');

export const createEndpointBody = z.strictObject({
  name: endpointName,
  config: endpointCoreConfig,
  ai_gateway: aiGatewayConfig.optional(),
  tags: z.array(z.strictObject({ key: z.string().min(1), value: z.string().optional() })).optional(),
  description: z.string().optional(),
});

export type EndpointCoreConfig = z.infer<typeof endpointCoreConfig>;
export type AiGatewayConfig = z.infer<typeof aiGatewayConfig>;
export type ServedEntityConfig = z.infer<typeof servedEntity>;
