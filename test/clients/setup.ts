import { afterAll, beforeAll } from 'vitest';
import { createEndpoint, putSecret, tokenFor, unique } from '../helpers/gateway';
import { fakeOpenAI } from '../fakes/openai-upstream';
import { installFakeUpstreams } from '../fakes/router';
import { openAIChatScript } from './script';

// What every client-library test file sets up: the scripted fake providers, one endpoint per
// provider format, and a token of a user allowed to query them.

export interface ClientSetup {
  token: string;
  /** Endpoint names by provider format. */
  endpoints: { openai: string };
}

export function setUpClientEndpoints(principal: string): ClientSetup {
  const fakes = installFakeUpstreams({ 'api.openai.fake': fakeOpenAI({ apiKey: 'sk-upstream', reply: openAIChatScript }) });
  afterAll(() => fakes.restore());
  const setup: ClientSetup = { token: '', endpoints: { openai: unique(`${principal}-gpt`) } };
  beforeAll(async () => {
    const ref = await putSecret('clients', 'openai', 'sk-upstream');
    await createEndpoint(setup.endpoints.openai, {
      name: 'gpt-4o-mini',
      provider: 'openai',
      task: 'llm/v1/chat',
      openai_config: { openai_api_key: ref, openai_api_base: 'https://api.openai.fake/v1' },
    });
    setup.token = await tokenFor(principal, Object.fromEntries(Object.values(setup.endpoints).map((e) => [e, 'CAN_QUERY' as const])));
  });
  return setup;
}
