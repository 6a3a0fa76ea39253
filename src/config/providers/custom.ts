import * as z from 'zod/mini';
import { credential, url, type ProviderConfigSpec } from '../provider-spec';

// `custom`: any OpenAI-compatible server, with a bearer token, an api-key header of its own
// name, or no authentication. CONTRACT §4.

const fields = z.strictObject({
  custom_provider_url: url,
  bearer_token_auth: z.optional(z.strictObject({ token: credential, token_plaintext: credential })),
  api_key_auth: z.optional(
    z.strictObject({
      key: z.string().check(z.minLength(1)),
      value: credential,
      value_plaintext: credential,
    }),
  ),
});
export type CustomConfig = z.infer<typeof fields>;

export const customConfig: ProviderConfigSpec<
  CustomConfig,
  'bearer_token_auth.token' | 'api_key_auth.value'
> = {
  configKey: 'custom_provider_config',
  schema: fields,
  credentials: (config) => [
    ...(config.bearer_token_auth
      ? [{ path: 'bearer_token_auth.token' as const, required: true }]
      : []),
    ...(config.api_key_auth ? [{ path: 'api_key_auth.value' as const, required: true }] : []),
  ],
  rules: (config) =>
    config.bearer_token_auth && config.api_key_auth
      ? [{ path: [], message: 'give at most one of bearer_token_auth and api_key_auth' }]
      : [],
};
