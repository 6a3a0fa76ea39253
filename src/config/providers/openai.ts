import * as z from 'zod/mini';
import { credential, optionalString, url, type ProviderConfigSpec } from '../provider-spec';

// `openai`: OpenAI itself, or Azure OpenAI with an api key (openai_api_type "azure") or with an
// Entra ID app's client credentials ("azuread"). CONTRACT §4.

const fields = z.strictObject({
  openai_api_type: z.optional(z.enum(['openai', 'azure', 'azuread'])),
  openai_api_key: credential,
  openai_api_key_plaintext: credential,
  openai_api_base: z.optional(url),
  openai_organization: optionalString,
  openai_deployment_name: optionalString,
  openai_api_version: optionalString,
  microsoft_entra_tenant_id: optionalString,
  microsoft_entra_client_id: optionalString,
  microsoft_entra_client_secret: credential,
  microsoft_entra_client_secret_plaintext: credential,
  microsoft_entra_authority_host: z.optional(url),
});
type Fields = z.infer<typeof fields>;

/** The fields each Azure api type needs besides its credential. */
const AZURE_REQUIRED = {
  azure: ['openai_api_base', 'openai_deployment_name', 'openai_api_version'],
  azuread: [
    'openai_api_base',
    'openai_deployment_name',
    'openai_api_version',
    'microsoft_entra_tenant_id',
    'microsoft_entra_client_id',
  ],
} as const satisfies Record<string, readonly (keyof Fields)[]>;
type AzureApiType = keyof typeof AZURE_REQUIRED;

type AzureConfigOf<T extends AzureApiType> = Fields & { openai_api_type: T } & Record<
    (typeof AZURE_REQUIRED)[T][number],
    string
  >;
/** Azure OpenAI authenticated by an Entra ID app. */
export type EntraOpenAIConfig = AzureConfigOf<'azuread'>;
/** An Azure OpenAI config, its required fields present (the rules below make sure). */
export type AzureOpenAIConfig = AzureConfigOf<'azure'> | EntraOpenAIConfig;
export type OpenAIConfig = (Fields & { openai_api_type?: 'openai' }) | AzureOpenAIConfig;

export const isAzure = (config: OpenAIConfig): config is AzureOpenAIConfig =>
  config.openai_api_type === 'azure' || config.openai_api_type === 'azuread';

export const openaiConfig: ProviderConfigSpec<
  Fields,
  'openai_api_key' | 'microsoft_entra_client_secret'
> = {
  configKey: 'openai_config',
  schema: fields,
  credentials: (config) => [
    {
      path:
        config.openai_api_type === 'azuread' ? 'microsoft_entra_client_secret' : 'openai_api_key',
      required: true,
    },
  ],
  rules(config) {
    const type = config.openai_api_type;
    if (type !== 'azure' && type !== 'azuread') return [];
    return AZURE_REQUIRED[type]
      .filter((field) => !config[field])
      .map((field) => ({
        path: [field],
        message: `${field} is required when openai_api_type is ${type}`,
      }));
  },
};
