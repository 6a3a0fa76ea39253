import { afterAll, beforeAll } from 'vitest';
import { createEndpoint, putSecret, tokenFor, unique } from '../helpers/gateway';
import { fakeAnthropic } from '../fakes/anthropic-upstream';
import { fakeOpenAI } from '../fakes/openai-upstream';
import { installFakeUpstreams, type RecordedCall } from '../fakes/router';
import { anthropicScript, openAIChatScript } from './script';

// What every client-library test file sets up: the scripted fake providers, one endpoint per
// provider format, and a token of a user allowed to query them.

export type ProviderKind = 'openai' | 'anthropic';
export const PROVIDERS: ProviderKind[] = ['openai', 'anthropic'];

/** The token counts each fake reports (the Anthropic fake adds cache reads only when asked for caching). */
export const FAKE_USAGE = {
  openai: { input: 11, output: 7 },
  /** The OpenAI fake's /responses, reached untranslated by Responses-API clients. */
  openaiResponses: { input: 13, output: 9 },
  anthropic: { input: 21, output: 9 },
};
export type FakeUsage = { input: number; output: number };

export interface ClientSetup {
  token: string;
  /** Endpoint names by provider format. */
  endpoints: Record<ProviderKind, string>;
  /** What the fake providers received, in order. */
  upstream: RecordedCall[];
}

export function setUpClientEndpoints(principal: string): ClientSetup {
  const fakes = installFakeUpstreams({
    'api.openai.fake': fakeOpenAI({ apiKey: 'sk-upstream', reply: openAIChatScript }),
    'api.anthropic.fake': fakeAnthropic({ apiKey: 'sk-ant-upstream', reply: anthropicScript }),
  });
  afterAll(() => fakes.restore());
  const setup: ClientSetup = {
    token: '',
    endpoints: { openai: unique(`${principal}-gpt`), anthropic: unique(`${principal}-claude`) },
    upstream: fakes.calls,
  };
  beforeAll(async () => {
    const openaiKey = await putSecret('clients', 'openai', 'sk-upstream');
    const anthropicKey = await putSecret('clients', 'anthropic', 'sk-ant-upstream');
    await createEndpoint(setup.endpoints.openai, {
      name: 'gpt-4o-mini',
      provider: 'openai',
      task: 'llm/v1/chat',
      openai_config: { openai_api_key: openaiKey, openai_api_base: 'https://api.openai.fake/v1' },
    });
    await createEndpoint(setup.endpoints.anthropic, {
      name: 'claude-sonnet-4-5',
      provider: 'anthropic',
      task: 'llm/v1/chat',
      anthropic_config: {
        anthropic_api_key: anthropicKey,
        anthropic_api_base: 'https://api.anthropic.fake',
      },
    });
    setup.token = await tokenFor(
      principal,
      Object.fromEntries(Object.values(setup.endpoints).map((e) => [e, 'CAN_QUERY' as const])),
    );
  });
  return setup;
}
