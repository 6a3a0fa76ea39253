import type { ServedEntity } from '../config/served-entity';
import { credential } from '../gateway/credentials';
import { joinUrl, openAICompatible } from './openai-compatible';

// AI21 Studio speaks OpenAI chat completions (Jamba models); no legacy completions or embeddings.

export const ai21labs = openAICompatible<ServedEntity<'ai21labs'>>({
  url(call, op) {
    return op === 'chat'
      ? joinUrl(
          call.entity.config.ai21labs_api_base ?? 'https://api.ai21.com/studio/v1',
          'chat/completions',
        )
      : null;
  },
  async headers(call) {
    return {
      authorization: `Bearer ${await credential(call.env, call.entity, 'ai21labs_api_key')}`,
    };
  },
});
