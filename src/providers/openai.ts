import { isAzure } from '../config/providers/openai';
import type { ServedEntity } from '../config/served-entity';
import { credential } from '../gateway/credentials';
import { azureOpenAI } from './azure-openai';
import { joinUrl, openAICompatible } from './openai-compatible';
import type { Provider } from './types';

// The `openai` provider: OpenAI itself (openai_api_type unset or "openai"), or Azure OpenAI
// (azure-openai.ts) when openai_api_type is "azure" or "azuread".

const PATHS = {
  chat: 'chat/completions',
  completions: 'completions',
  embeddings: 'embeddings',
  responses: 'responses',
} as const;

type OpenAIEntity = ServedEntity<'openai'>;

const openaiDirect = openAICompatible<OpenAIEntity>({
  maxTokensField: 'max_completion_tokens',
  url(call, op) {
    const path = PATHS[op as keyof typeof PATHS];
    return path
      ? joinUrl(call.entity.config.openai_api_base ?? 'https://api.openai.com/v1', path)
      : null;
  },
  async headers(call) {
    const headers: Record<string, string> = {
      authorization: `Bearer ${await credential(call.env, call.entity, 'openai_api_key')}`,
    };
    if (call.entity.config.openai_organization)
      headers['openai-organization'] = call.entity.config.openai_organization;
    return headers;
  },
});

const pick = (entity: OpenAIEntity): Provider<OpenAIEntity> =>
  isAzure(entity.config) ? azureOpenAI : openaiDirect;

export const openai: Provider<OpenAIEntity> = {
  wireFormat: (entity) => pick(entity).wireFormat(entity),
  chat: (call, req) => pick(call.entity).chat(call, req),
  embeddings: (call, req) => pick(call.entity).embeddings!(call, req),
  forward: (call, op, body, headers) => pick(call.entity).forward!(call, op, body, headers),
  forwards: (entity, op) => pick(entity).forwards!(entity, op),
  storedResponse: (call, method, path, query) =>
    pick(call.entity).storedResponse!(call, method, path, query),
};
