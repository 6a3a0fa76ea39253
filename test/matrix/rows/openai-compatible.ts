import { fakeOpenAI } from '../../fakes/openai-upstream';
import { createEndpoint, unique } from '../../helpers/gateway';
import type { MatrixRow } from '../cells';
import { openAIChatScript } from '../script';

// The other OpenAI-format providers: every caller but an OpenAI chat one is translated, Responses to chat.

const customChat = unique('mx-custom');
const customEmbed = unique('mx-custom-embed');
const customCompletions = unique('mx-custom-completions');
const customConfig = {
  custom_provider_url: 'https://custom-matrix.fake/v1',
  api_key_auth: { key: 'x-custom-key', value_plaintext: 'custom-matrix' },
};

/** `custom` (e.g. vLLM, api-key header auth): only /chat/completions, /completions and /embeddings are assumed (CONTRACT §4). */
export const customRow: MatrixRow = {
  label: 'custom',
  hosts: {
    'custom-matrix.fake': fakeOpenAI({
      apiKey: 'custom-matrix',
      keyHeader: 'x-custom-key',
      reply: openAIChatScript,
    }),
  },
  chat: customChat,
  completions: customCompletions,
  embeddings: { 'bge-small': customEmbed },
  chatUrl: /^https:\/\/custom-matrix\.fake\/v1\/chat\/completions$/,
  completionsUrl: /^https:\/\/custom-matrix\.fake\/v1\/completions$/,
  embeddingsUrl: /^https:\/\/custom-matrix\.fake\/v1\/embeddings$/,
  async setup() {
    await createEndpoint(customChat, {
      name: 'my-llama',
      provider: 'custom',
      task: 'llm/v1/chat',
      custom_provider_config: customConfig,
    });
    await createEndpoint(customCompletions, {
      name: 'my-llama',
      provider: 'custom',
      task: 'llm/v1/completions',
      custom_provider_config: customConfig,
    });
    await createEndpoint(customEmbed, {
      name: 'bge-small',
      provider: 'custom',
      task: 'llm/v1/embeddings',
      custom_provider_config: customConfig,
    });
  },
};

const dbxChat = unique('mx-dbx');
const dbxEmbed = unique('mx-dbx-embed');
const dbxCompletions = unique('mx-dbx-completions');
const dbxConfig = {
  databricks_workspace_url: 'https://dbc-matrix.fake',
  databricks_api_token_plaintext: 'dapi-matrix',
};

/** `databricks-model-serving`: every task at the serving endpoint's /invocations. */
export const databricksRow: MatrixRow = {
  label: 'databricks-model-serving',
  hosts: { 'dbc-matrix.fake': fakeOpenAI({ apiKey: 'dapi-matrix', reply: openAIChatScript }) },
  chat: dbxChat,
  completions: dbxCompletions,
  embeddings: { 'gte-large': dbxEmbed },
  chatUrl: /^https:\/\/dbc-matrix\.fake\/serving-endpoints\/llama-serving\/invocations$/,
  embeddingsUrl: /^https:\/\/dbc-matrix\.fake\/serving-endpoints\/gte-large\/invocations$/,
  async setup() {
    await createEndpoint(dbxChat, {
      name: 'llama-serving',
      provider: 'databricks-model-serving',
      task: 'llm/v1/chat',
      databricks_model_serving_config: dbxConfig,
    });
    await createEndpoint(dbxCompletions, {
      name: 'llama-serving',
      provider: 'databricks-model-serving',
      task: 'llm/v1/completions',
      databricks_model_serving_config: dbxConfig,
    });
    await createEndpoint(dbxEmbed, {
      name: 'gte-large',
      provider: 'databricks-model-serving',
      task: 'llm/v1/embeddings',
      databricks_model_serving_config: dbxConfig,
    });
  },
};

const ai21Chat = unique('mx-ai21');
const ai21Completions = unique('mx-ai21-completions');
const ai21Config = {
  ai21labs_api_key_plaintext: 'ai21-matrix',
  ai21labs_api_base: 'https://ai21-matrix.fake/studio/v1',
};

/** `ai21labs`: chat completions at AI21 Studio; no embeddings task. */
export const ai21labsRow: MatrixRow = {
  label: 'ai21labs',
  hosts: { 'ai21-matrix.fake': fakeOpenAI({ apiKey: 'ai21-matrix', reply: openAIChatScript }) },
  chat: ai21Chat,
  completions: ai21Completions,
  chatUrl: /^https:\/\/ai21-matrix\.fake\/studio\/v1\/chat\/completions$/,
  async setup() {
    await createEndpoint(ai21Chat, {
      name: 'jamba-1.5-mini',
      provider: 'ai21labs',
      task: 'llm/v1/chat',
      ai21labs_config: ai21Config,
    });
    await createEndpoint(ai21Completions, {
      name: 'jamba-1.5-mini',
      provider: 'ai21labs',
      task: 'llm/v1/completions',
      ai21labs_config: ai21Config,
    });
  },
};
