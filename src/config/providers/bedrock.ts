import * as z from 'zod/mini';
import { credential, url, type ProviderConfigSpec } from '../provider-spec';

// `amazon-bedrock`: Amazon Bedrock, signed with an access key pair (and an optional session
// token). CONTRACT §4.

const fields = z.strictObject({
  aws_region: z.string().check(z.regex(/^[a-z0-9-]+$/, 'must be an AWS region such as us-east-1')),
  aws_access_key_id: credential,
  aws_access_key_id_plaintext: credential,
  aws_secret_access_key: credential,
  aws_secret_access_key_plaintext: credential,
  aws_session_token: credential,
  aws_session_token_plaintext: credential,
  /** The model family behind the model id: it decides the request shape Bedrock wants. */
  bedrock_provider: z.enum(['anthropic', 'cohere', 'ai21labs', 'amazon']),
  bedrock_api_base: z.optional(url),
});
export type BedrockConfig = z.infer<typeof fields>;

export const bedrockConfig: ProviderConfigSpec<
  BedrockConfig,
  'aws_access_key_id' | 'aws_secret_access_key' | 'aws_session_token'
> = {
  configKey: 'amazon_bedrock_config',
  schema: fields,
  credentials: () => [
    { path: 'aws_access_key_id', required: true },
    { path: 'aws_secret_access_key', required: true },
    { path: 'aws_session_token', required: false },
  ],
};
