import type { ProviderConfigSpec } from '../provider-spec';
import { ai21labsConfig, type AI21LabsConfig } from './ai21labs';
import { anthropicConfig, type AnthropicConfig } from './anthropic';
import { bedrockConfig, type BedrockConfig } from './bedrock';
import { cohereConfig, type CohereConfig } from './cohere';
import { customConfig, type CustomConfig } from './custom';
import { databricksConfig, type DatabricksConfig } from './databricks';
import { openaiConfig, type OpenAIConfig } from './openai';
import { vertexConfig, type VertexConfig } from './vertex';

// Every provider an external_model may name, and where its config is defined.

/** Each provider's config block, as the data plane reads it. */
export interface ProviderConfigs {
  openai: OpenAIConfig;
  anthropic: AnthropicConfig;
  'amazon-bedrock': BedrockConfig;
  'google-cloud-vertex-ai': VertexConfig;
  cohere: CohereConfig;
  ai21labs: AI21LabsConfig;
  'databricks-model-serving': DatabricksConfig;
  custom: CustomConfig;
}
export type ProviderName = keyof ProviderConfigs;

/** In the order error messages list them. */
export const PROVIDER_CONFIGS = {
  openai: openaiConfig,
  anthropic: anthropicConfig,
  'amazon-bedrock': bedrockConfig,
  'google-cloud-vertex-ai': vertexConfig,
  cohere: cohereConfig,
  ai21labs: ai21labsConfig,
  'databricks-model-serving': databricksConfig,
  custom: customConfig,
} satisfies Record<ProviderName, ProviderConfigSpec<unknown>>;

export const PROVIDERS = Object.keys(PROVIDER_CONFIGS) as ProviderName[];

export const isProviderName = (name: string): name is ProviderName =>
  Object.hasOwn(PROVIDER_CONFIGS, name);

/** A provider's spec without its field types, for code that handles every provider alike. */
export const providerConfigSpec = (provider: ProviderName): ProviderConfigSpec<unknown> =>
  PROVIDER_CONFIGS[provider];

/** The credential paths of a provider's config block, e.g. `bearer_token_auth.token` for custom. */
export type CredentialPath<P extends ProviderName> = ReturnType<
  (typeof PROVIDER_CONFIGS)[P]['credentials']
>[number]['path'];
