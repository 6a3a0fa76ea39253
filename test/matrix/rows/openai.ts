import { fakeOpenAI } from '../../fakes/openai-upstream';
import { createEndpoint, putSecret, unique } from '../../helpers/gateway';
import type { MatrixRow } from '../cells';
import { openAIChatScript } from '../script';

// `openai` (OpenAI itself): OpenAI callers are passed through (chat and /responses), the others translated to chat.

const chat = unique('mx-openai');
const embed = unique('mx-openai-embed');
const completions = unique('mx-openai-completions');

export const openaiRow: MatrixRow = {
  label: 'openai',
  hosts: { 'api.openai.fake': fakeOpenAI({ apiKey: 'sk-matrix', reply: openAIChatScript }) },
  chat,
  completions,
  embeddings: { 'text-embedding-3-small': embed },
  chatUrl: /^https:\/\/api\.openai\.fake\/v1\/(chat\/completions|responses)$/,
  completionsUrl: /^https:\/\/api\.openai\.fake\/v1\/completions$/,
  embeddingsUrl: /^https:\/\/api\.openai\.fake\/v1\/embeddings$/,
  async setup() {
    const config = {
      openai_api_key: await putSecret('matrix', 'openai', 'sk-matrix'),
      openai_api_base: 'https://api.openai.fake/v1',
    };
    await createEndpoint(chat, {
      name: 'gpt-4o-mini',
      provider: 'openai',
      task: 'llm/v1/chat',
      openai_config: config,
    });
    await createEndpoint(completions, {
      name: 'gpt-3.5-turbo-instruct',
      provider: 'openai',
      task: 'llm/v1/completions',
      openai_config: config,
    });
    await createEndpoint(embed, {
      name: 'text-embedding-3-small',
      provider: 'openai',
      task: 'llm/v1/embeddings',
      openai_config: config,
    });
  },
};
