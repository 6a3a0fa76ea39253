import type { ServedEntity } from '../config/served-entity';
import { credential } from '../gateway/credentials';
import { joinUrl, openAICompatible } from './openai-compatible';

// Databricks model serving: every task goes to the endpoint's /invocations in OpenAI format.

export const databricks = openAICompatible<ServedEntity<'databricks-model-serving'>>({
  url(call, op) {
    if (op === 'responses') return null;
    return joinUrl(
      call.entity.config.databricks_workspace_url,
      `serving-endpoints/${encodeURIComponent(call.entity.model)}/invocations`,
    );
  },
  async headers(call) {
    return {
      authorization: `Bearer ${await credential(call.env, call.entity, 'databricks_api_token')}`,
    };
  },
});
