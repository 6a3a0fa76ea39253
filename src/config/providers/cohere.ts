import * as z from 'zod/mini';
import { credential, url, type ProviderConfigSpec } from '../provider-spec';

// `cohere`: Cohere's v2 API. CONTRACT §4.

const fields = z.strictObject({
  cohere_api_key: credential,
  cohere_api_key_plaintext: credential,
  cohere_api_base: z.optional(url),
});
export type CohereConfig = z.infer<typeof fields>;

export const cohereConfig: ProviderConfigSpec<CohereConfig, 'cohere_api_key'> = {
  configKey: 'cohere_config',
  schema: fields,
  credentials: () => [{ path: 'cohere_api_key', required: true }],
};
