import { fakeAnthropic } from '../../fakes/anthropic-upstream';
import { createEndpoint, putSecret, unique } from '../../helpers/gateway';
import type { MatrixRow } from '../cells';
import { anthropicScript } from '../script';

// `anthropic`: Anthropic callers are passed through, the others translated to Messages.

const chat = unique('mx-anthropic');
const completions = unique('mx-anthropic-completions');

export const anthropicRow: MatrixRow = {
  label: 'anthropic',
  hosts: {
    'api.anthropic.fake': fakeAnthropic({ apiKey: 'sk-ant-matrix', reply: anthropicScript }),
  },
  chat,
  completions,
  chatUrl: /^https:\/\/api\.anthropic\.fake\/v1\/messages$/,
  async setup() {
    const key = await putSecret('matrix', 'anthropic', 'sk-ant-matrix');
    const config = { anthropic_api_key: key, anthropic_api_base: 'https://api.anthropic.fake' };
    await createEndpoint(chat, {
      name: 'claude-sonnet-4-5',
      provider: 'anthropic',
      task: 'llm/v1/chat',
      anthropic_config: config,
    });
    await createEndpoint(completions, {
      name: 'claude-sonnet-4-5',
      provider: 'anthropic',
      task: 'llm/v1/completions',
      anthropic_config: config,
    });
  },
};
