import * as z from 'zod/mini';
import { credential, url, type ProviderConfigSpec } from '../provider-spec';

// `anthropic`: Anthropic's own API. CONTRACT §4.

const fields = z.strictObject({
  anthropic_api_key: credential,
  anthropic_api_key_plaintext: credential,
  anthropic_api_base: z.optional(url),
});
export type AnthropicConfig = z.infer<typeof fields>;

export const anthropicConfig: ProviderConfigSpec<AnthropicConfig, 'anthropic_api_key'> = {
  configKey: 'anthropic_config',
  schema: fields,
  credentials: () => [{ path: 'anthropic_api_key', required: true }],
  // No embeddings API.
  tasks: ['llm/v1/chat', 'llm/v1/completions'],
};
