import type { ServedEntity } from '../config/served-entity';
import { credential } from '../gateway/credentials';
import { joinUrl, openAICompatible } from './openai-compatible';

// Any OpenAI-compatible server: custom_provider_url plus bearer or api-key header auth. Only the
// paths CONTRACT §4 names are assumed (servers such as vLLM may lack /responses): Responses
// callers are translated to chat completions.

const PATHS = {
  chat: 'chat/completions',
  completions: 'completions',
  embeddings: 'embeddings',
} as const;

export const custom = openAICompatible<ServedEntity<'custom'>>({
  url(call, op) {
    const path = PATHS[op as keyof typeof PATHS];
    return path ? joinUrl(call.entity.config.custom_provider_url, path) : null;
  },
  async headers(call): Promise<Record<string, string>> {
    const { bearer_token_auth, api_key_auth } = call.entity.config;
    if (bearer_token_auth)
      return {
        authorization: `Bearer ${await credential(call.env, call.entity, 'bearer_token_auth.token')}`,
      };
    if (api_key_auth)
      return { [api_key_auth.key]: await credential(call.env, call.entity, 'api_key_auth.value') };
    return {};
  },
});
