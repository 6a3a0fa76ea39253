import { credential } from '../gateway/credentials';
import { joinUrl, openAICompatible } from './openai-compatible';

// OpenAI itself (openai_api_type unset or "openai"). Azure variants live in azure-openai.ts.

const PATHS = { chat: 'chat/completions', completions: 'completions', embeddings: 'embeddings', responses: 'responses' } as const;

export const openai = openAICompatible({
  url(call, op) {
    const path = PATHS[op as keyof typeof PATHS];
    return path ? joinUrl(call.entity.config.openai_api_base ?? 'https://api.openai.com/v1', path) : null;
  },
  async headers(call) {
    const headers: Record<string, string> = { authorization: `Bearer ${await credential(call.env, call.entity, 'openai_api_key')}` };
    if (call.entity.config.openai_organization) headers['openai-organization'] = call.entity.config.openai_organization;
    return headers;
  },
});
