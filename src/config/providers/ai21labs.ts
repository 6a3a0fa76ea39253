import * as z from 'zod/mini';
import { credential, url, type ProviderConfigSpec } from '../provider-spec';

// `ai21labs`: AI21 Studio. CONTRACT §4.

const fields = z.strictObject({
  ai21labs_api_key: credential,
  ai21labs_api_key_plaintext: credential,
  ai21labs_api_base: z.optional(url),
});
export type AI21LabsConfig = z.infer<typeof fields>;

export const ai21labsConfig: ProviderConfigSpec<AI21LabsConfig, 'ai21labs_api_key'> = {
  configKey: 'ai21labs_config',
  schema: fields,
  credentials: () => [{ path: 'ai21labs_api_key', required: true }],
  // No embeddings API.
  tasks: ['llm/v1/chat', 'llm/v1/completions'],
};
