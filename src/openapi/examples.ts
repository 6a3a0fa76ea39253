import type { SchemaName } from './types';

// One example body per request schema, so that "Try it out" on /docs starts from a request that
// works against an endpoint named `chat` (or `embed`) as the README sets one up.

const hello = [{ role: 'user', content: 'Hello' }];

export const BODY_EXAMPLES: Partial<Record<SchemaName, unknown>> = {
  ChatCompletionRequest: { model: 'chat', messages: hello },
  CompletionRequest: { model: 'chat', prompt: 'Say hello', max_tokens: 20 },
  EmbeddingRequest: { model: 'embed', input: ['Hello'] },
  InvocationRequest: { messages: hello },
  ResponseRequest: { model: 'chat', input: 'Hello' },
  MessagesRequest: { model: 'chat', max_tokens: 256, messages: hello },
  CountTokensRequest: { model: 'chat', messages: hello },
  GenerateContentRequest: { contents: [{ role: 'user', parts: [{ text: 'Hello' }] }] },
  GeminiCountTokensRequest: { contents: [{ role: 'user', parts: [{ text: 'Hello' }] }] },
  EmbedContentRequest: { content: { parts: [{ text: 'Hello' }] } },
  BatchEmbedContentsRequest: {
    requests: [{ model: 'models/embed', content: { parts: [{ text: 'Hello' }] } }],
  },
  CreateServingEndpoint: {
    name: 'chat',
    config: {
      served_entities: [
        {
          name: 'gpt',
          external_model: {
            name: 'gpt-4o-mini',
            provider: 'openai',
            task: 'llm/v1/chat',
            openai_config: { openai_api_key: '{{secrets/llm/openai}}' },
          },
        },
      ],
    },
    ai_gateway: { usage_tracking_config: { enabled: true } },
  },
  SecretScope: { scope: 'llm' },
  PutSecret: { scope: 'llm', key: 'openai', string_value: 'sk-...' },
  DeleteSecret: { scope: 'llm', key: 'openai' },
  CreateToken: { comment: 'laptop', lifetime_seconds: 86400 },
  PermissionsUpdate: {
    access_control_list: [{ user_name: 'alice', permission_level: 'CAN_QUERY' }],
  },
  AiGatewayConfig: {
    rate_limits: [{ key: 'user', calls: 100, renewal_period: 'minute' }],
    guardrails: { input: { pii: { behavior: 'MASK' } } },
  },
};
