/**
 * The fields of each provider's `<provider>_config` (CONTRACT §4, src/config/providers/), for the
 * endpoint form. A credential is given as a `{{secrets/scope/key}}` reference or `<field>_plaintext`.
 */
export interface ProviderField {
  /** The field's path in the config; a dot nests it (`bearer_token_auth.token`). */
  name: string;
  label: string;
  credential?: boolean;
  required?: boolean;
  placeholder?: string;
  /** A multi-line value (the Vertex service-account JSON key). */
  multiline?: boolean;
}

export interface ProviderSpec {
  id: string;
  label: string;
  configKey: string;
  fields: ProviderField[];
  /** Fixed fields the form adds (OpenAI's Azure variants). */
  extra?: Record<string, string>;
  modelPlaceholder: string;
}

const base = (name: string, fallback: string): ProviderField => ({
  name,
  label: 'API base (optional)',
  placeholder: fallback,
});

const azureFields: ProviderField[] = [
  {
    name: 'openai_api_base',
    label: 'Azure resource URL',
    required: true,
    placeholder: 'https://R.openai.azure.com',
  },
  { name: 'openai_deployment_name', label: 'Deployment name', required: true },
  { name: 'openai_api_version', label: 'API version', required: true, placeholder: '2024-10-21' },
];

export const PROVIDERS: ProviderSpec[] = [
  {
    id: 'openai',
    label: 'OpenAI',
    configKey: 'openai_config',
    modelPlaceholder: 'gpt-4o-mini',
    fields: [
      { name: 'openai_api_key', label: 'API key', credential: true, required: true },
      base('openai_api_base', 'https://api.openai.com/v1'),
      { name: 'openai_organization', label: 'Organization (optional)' },
    ],
  },
  {
    id: 'azure-openai',
    label: 'Azure OpenAI (API key)',
    configKey: 'openai_config',
    modelPlaceholder: 'gpt-4o',
    extra: { openai_api_type: 'azure' },
    fields: [
      { name: 'openai_api_key', label: 'API key', credential: true, required: true },
      ...azureFields,
    ],
  },
  {
    id: 'azuread-openai',
    label: 'Azure OpenAI (Entra ID)',
    configKey: 'openai_config',
    modelPlaceholder: 'gpt-4o',
    extra: { openai_api_type: 'azuread' },
    fields: [
      { name: 'microsoft_entra_tenant_id', label: 'Tenant ID', required: true },
      { name: 'microsoft_entra_client_id', label: 'Client ID', required: true },
      {
        name: 'microsoft_entra_client_secret',
        label: 'Client secret',
        credential: true,
        required: true,
      },
      base('microsoft_entra_authority_host', 'https://login.microsoftonline.com'),
      ...azureFields,
    ],
  },
  {
    id: 'anthropic',
    label: 'Anthropic',
    configKey: 'anthropic_config',
    modelPlaceholder: 'claude-sonnet-4-5',
    fields: [
      { name: 'anthropic_api_key', label: 'API key', credential: true, required: true },
      base('anthropic_api_base', 'https://api.anthropic.com'),
    ],
  },
  {
    id: 'amazon-bedrock',
    label: 'Amazon Bedrock',
    configKey: 'amazon_bedrock_config',
    modelPlaceholder: 'anthropic.claude-3-5-sonnet-20240620-v1:0',
    fields: [
      { name: 'aws_region', label: 'Region', required: true, placeholder: 'us-east-1' },
      { name: 'aws_access_key_id', label: 'Access key ID', credential: true, required: true },
      {
        name: 'aws_secret_access_key',
        label: 'Secret access key',
        credential: true,
        required: true,
      },
      {
        name: 'bedrock_provider',
        label: 'Bedrock provider',
        required: true,
        placeholder: 'anthropic',
      },
      base('bedrock_api_base', 'https://bedrock-runtime.{region}.amazonaws.com'),
    ],
  },
  {
    id: 'google-cloud-vertex-ai',
    label: 'Google Cloud Vertex AI',
    configKey: 'google_cloud_vertex_ai_config',
    modelPlaceholder: 'gemini-2.5-flash',
    fields: [
      {
        name: 'private_key',
        label: 'Service-account JSON key',
        credential: true,
        required: true,
        multiline: true,
      },
      { name: 'region', label: 'Region', required: true, placeholder: 'us-central1' },
      { name: 'project_id', label: 'Project ID', required: true },
      base('vertex_api_base', 'https://{region}-aiplatform.googleapis.com'),
    ],
  },
  {
    id: 'cohere',
    label: 'Cohere',
    configKey: 'cohere_config',
    modelPlaceholder: 'command-r-plus',
    fields: [
      { name: 'cohere_api_key', label: 'API key', credential: true, required: true },
      base('cohere_api_base', 'https://api.cohere.com'),
    ],
  },
  {
    id: 'ai21labs',
    label: 'AI21 Labs',
    configKey: 'ai21labs_config',
    modelPlaceholder: 'jamba-large',
    fields: [
      { name: 'ai21labs_api_key', label: 'API key', credential: true, required: true },
      base('ai21labs_api_base', 'https://api.ai21.com/studio/v1'),
    ],
  },
  {
    id: 'databricks-model-serving',
    label: 'Databricks Model Serving',
    configKey: 'databricks_model_serving_config',
    modelPlaceholder: 'databricks-meta-llama-3-3-70b-instruct',
    fields: [
      { name: 'databricks_workspace_url', label: 'Workspace URL', required: true },
      { name: 'databricks_api_token', label: 'API token', credential: true, required: true },
    ],
  },
  {
    id: 'custom',
    label: 'Custom (OpenAI-compatible)',
    configKey: 'custom_provider_config',
    modelPlaceholder: 'my-model',
    fields: [
      {
        name: 'custom_provider_url',
        label: 'Base URL',
        required: true,
        placeholder: 'https://host/v1',
      },
      { name: 'bearer_token_auth.token', label: 'Bearer token', credential: true, required: true },
    ],
  },
];

/** The provider name the API takes: the Azure variants are `openai` with an api type. */
export const apiProvider = (spec: ProviderSpec) => (spec.extra ? 'openai' : spec.id);
