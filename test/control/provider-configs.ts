// One valid external_model per provider of CONTRACT §4, with every credential given in plaintext,
// and the credential fields each one has (dotted paths inside the config block).

export interface ProviderCase {
  label: string;
  block: string;
  model: Record<string, any>;
  /** Credential fields, dotted inside the block; their plaintext values are PLAIN[label]. */
  credentials: string[];
  /** A required non-credential field to drop for the "missing field" case. */
  required: string;
}

const plain = (label: string, field: string) => `plain-${label}-${field.replace(/\W/g, '_')}-v4lue`;

/** A service-account key whose private key carries the marker the tests look for. */
const serviceAccountKey = (marker: string) =>
  JSON.stringify({
    type: 'service_account',
    client_email: 'gw@p.iam.gserviceaccount.com',
    private_key: `-----BEGIN PRIVATE KEY-----\n${marker}\n-----END PRIVATE KEY-----\n`,
    token_uri: 'https://oauth2.fake/token',
  });

type RawCase = Omit<ProviderCase, 'model'> & {
  config: Record<string, any>;
  provider: string;
  name: string;
};

const cases: RawCase[] = [
  {
    label: 'openai',
    provider: 'openai',
    name: 'gpt-4o-mini',
    block: 'openai_config',
    credentials: ['openai_api_key'],
    required: 'openai_api_key',
    config: { openai_api_base: 'https://api.openai.fake/v1', openai_organization: 'org-1' },
  },
  {
    label: 'openai-azure',
    provider: 'openai',
    name: 'gpt-4o',
    block: 'openai_config',
    credentials: ['openai_api_key'],
    required: 'openai_deployment_name',
    config: {
      openai_api_type: 'azure',
      openai_api_base: 'https://r.openai.azure.fake',
      openai_deployment_name: 'dep',
      openai_api_version: '2024-10-21',
    },
  },
  {
    label: 'openai-azuread',
    provider: 'openai',
    name: 'gpt-4o',
    block: 'openai_config',
    credentials: ['microsoft_entra_client_secret'],
    required: 'microsoft_entra_tenant_id',
    config: {
      openai_api_type: 'azuread',
      openai_api_base: 'https://r.openai.azure.fake',
      openai_deployment_name: 'dep',
      openai_api_version: '2024-10-21',
      microsoft_entra_tenant_id: 'tenant',
      microsoft_entra_client_id: 'client',
      microsoft_entra_authority_host: 'https://login.fake',
    },
  },
  {
    label: 'anthropic',
    provider: 'anthropic',
    name: 'claude-sonnet-4-5',
    block: 'anthropic_config',
    credentials: ['anthropic_api_key'],
    required: 'anthropic_api_key',
    config: { anthropic_api_base: 'https://api.anthropic.fake' },
  },
  {
    label: 'bedrock',
    provider: 'amazon-bedrock',
    name: 'anthropic.claude-3-haiku-20240307-v1:0',
    block: 'amazon_bedrock_config',
    credentials: ['aws_access_key_id', 'aws_secret_access_key'],
    required: 'aws_region',
    config: { aws_region: 'us-east-1', bedrock_provider: 'anthropic' },
  },
  {
    label: 'vertex',
    provider: 'google-cloud-vertex-ai',
    name: 'gemini-2.0-flash',
    block: 'google_cloud_vertex_ai_config',
    credentials: ['private_key'],
    required: 'project_id',
    config: { region: 'us-central1', project_id: 'proj' },
  },
  {
    label: 'cohere',
    provider: 'cohere',
    name: 'command-r',
    block: 'cohere_config',
    credentials: ['cohere_api_key'],
    required: 'cohere_api_key',
    config: {},
  },
  {
    label: 'ai21labs',
    provider: 'ai21labs',
    name: 'jamba-1.5-mini',
    block: 'ai21labs_config',
    credentials: ['ai21labs_api_key'],
    required: 'ai21labs_api_key',
    config: {},
  },
  {
    label: 'databricks',
    provider: 'databricks-model-serving',
    name: 'llama',
    block: 'databricks_model_serving_config',
    credentials: ['databricks_api_token'],
    required: 'databricks_workspace_url',
    config: { databricks_workspace_url: 'https://dbc.fake' },
  },
  {
    label: 'custom-bearer',
    provider: 'custom',
    name: 'llama',
    block: 'custom_provider_config',
    credentials: ['bearer_token_auth.token'],
    required: 'custom_provider_url',
    config: { custom_provider_url: 'https://custom.fake/v1', bearer_token_auth: {} },
  },
  {
    label: 'custom-api-key',
    provider: 'custom',
    name: 'llama',
    block: 'custom_provider_config',
    credentials: ['api_key_auth.value'],
    required: 'custom_provider_url',
    config: { custom_provider_url: 'https://custom.fake/v1', api_key_auth: { key: 'x-api-key' } },
  },
];

/** Sets `path` (dotted) inside `obj`. */
export function setPath(obj: Record<string, any>, path: string, value: unknown) {
  const parts = path.split('.');
  const leaf = parts.pop()!;
  const holder = parts.reduce((o, k) => (o[k] ??= {}), obj);
  if (value === undefined) delete holder[leaf];
  else holder[leaf] = value;
}

/** A string that appears in the plaintext credential and must appear nowhere else. */
export const markerOf = (c: Pick<ProviderCase, 'label'>, field: string) => plain(c.label, field);

export const plaintextOf = (c: Pick<ProviderCase, 'label'>, field: string) =>
  c.label === 'vertex' ? serviceAccountKey(markerOf(c, field)) : markerOf(c, field);

/** Every provider case, with credentials as `<field>_plaintext`. */
export const PROVIDER_CASES: ProviderCase[] = cases.map(({ config, provider, name, ...rest }) => {
  const block = structuredClone(config);
  const c = { ...rest, model: {} } as ProviderCase;
  for (const field of rest.credentials) setPath(block, `${field}_plaintext`, plaintextOf(c, field));
  c.model = { name, provider, task: 'llm/v1/chat', [rest.block]: block };
  return c;
});

/** The same model with each credential as a reference to `{{secrets/scope/<field>}}`. */
export function withReferences(c: ProviderCase, scope: string): Record<string, any> {
  const model = structuredClone(c.model);
  for (const field of c.credentials) {
    setPath(model[c.block], `${field}_plaintext`, undefined);
    setPath(model[c.block], field, `{{secrets/${scope}/${field}}}`);
  }
  return model;
}
