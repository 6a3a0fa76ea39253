import { ChatOpenAI } from '@langchain/openai';
import { describe, expect, it } from 'vitest';
import { GW, sdkFetch, waitForUsage } from '../helpers/gateway';
import { langChainCases } from './langchain-cases';
import { FAKE_USAGE, PROVIDERS, setUpClientEndpoints } from './setup';

// LangChain JS ChatOpenAI on chat completions, set up as a user would (base URL, token, endpoint name).

const setup = setUpClientEndpoints('langchain-user');

describe.each(PROVIDERS)('against the %s endpoint', (provider) => {
  const chat = (base: string) => () =>
    new ChatOpenAI({
      model: setup.endpoints[provider],
      apiKey: setup.token,
      maxRetries: 0,
      configuration: { baseURL: `${GW}${base}`, fetch: sdkFetch },
    });

  describe('ChatOpenAI at /ai-gateway/mlflow/v1', () =>
    langChainCases(FAKE_USAGE[provider], chat('/ai-gateway/mlflow/v1')));
  describe('ChatOpenAI at /serving-endpoints', () =>
    langChainCases(FAKE_USAGE[provider], chat('/serving-endpoints')));

  it('usage rows name the client in user_agent, streamed ones too', async () => {
    const rows = await waitForUsage(setup.endpoints[provider], 10);
    const streamed = rows.find((r) => r.streaming && r.status_code === 200);
    expect(streamed).toMatchObject({ requester: 'langchain-user', tokens_estimated: false });
    expect(streamed.input_tokens).toBeGreaterThan(0);
    expect(streamed.user_agent).toMatch(/^langchainjs-openai\//);
  });
});
