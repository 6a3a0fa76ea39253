import { fakeCohere } from '../../fakes/cohere-upstream';
import { createEndpoint, putSecret, unique } from '../../helpers/gateway';
import type { MatrixRow } from '../cells';
import { cohereScript } from '../script';

// `cohere`: every front door translated to Cohere v2 chat / embed (the fake rejects OpenAI-only fields).

const chat = unique('mx-cohere');
const embed = unique('mx-cohere-embed');
const completions = unique('mx-cohere-completions');

export const cohereRow: MatrixRow = {
  label: 'cohere',
  hosts: { 'api.cohere.fake': fakeCohere({ apiKey: 'co-matrix', reply: cohereScript }) },
  chat,
  completions,
  embeddings: { 'embed-v4.0': embed },
  chatUrl: /^https:\/\/api\.cohere\.fake\/v2\/chat$/,
  embeddingsUrl: /^https:\/\/api\.cohere\.fake\/v2\/embed$/,
  async setup() {
    const config = {
      cohere_api_key: await putSecret('matrix', 'cohere', 'co-matrix'),
      cohere_api_base: 'https://api.cohere.fake',
    };
    await createEndpoint(chat, {
      name: 'command-a-03-2025',
      provider: 'cohere',
      task: 'llm/v1/chat',
      cohere_config: config,
    });
    await createEndpoint(completions, {
      name: 'command-a-03-2025',
      provider: 'cohere',
      task: 'llm/v1/completions',
      cohere_config: config,
    });
    await createEndpoint(embed, {
      name: 'embed-v4.0',
      provider: 'cohere',
      task: 'llm/v1/embeddings',
      cohere_config: config,
    });
  },
};
