import { createAnthropic } from '@ai-sdk/anthropic';
import { ChatAnthropic } from '@langchain/anthropic';
import { describe, expect, it } from 'vitest';
import { GW, sdkFetch, waitForUsage } from '../helpers/gateway';
import { aiSdkCases } from './ai-sdk-cases';
import { langChainCases } from './langchain-cases';
import { FAKE_USAGE, PROVIDERS, setUpClientEndpoints } from './setup';

// The agent libraries' Anthropic classes on /ai-gateway/anthropic, set up as a user would:
// base URL, the gateway token as the key (x-api-key, or Bearer via authToken), the endpoint name.

const setup = setUpClientEndpoints('anthropic-libs');

describe.each(PROVIDERS)('against the %s endpoint', (provider) => {
  const model = () => setup.endpoints[provider];
  describe('@ai-sdk/anthropic with apiKey (x-api-key)', () => {
    aiSdkCases(FAKE_USAGE[provider], () =>
      createAnthropic({
        baseURL: `${GW}/ai-gateway/anthropic/v1`,
        apiKey: setup.token,
        fetch: sdkFetch,
      })(model()),
    );
  });
  describe('@ai-sdk/anthropic with authToken (Bearer)', () => {
    aiSdkCases(FAKE_USAGE[provider], () =>
      createAnthropic({
        baseURL: `${GW}/ai-gateway/anthropic/v1`,
        authToken: setup.token,
        fetch: sdkFetch,
      })(model()),
    );
  });
  describe('LangChain ChatAnthropic', () => {
    langChainCases(
      FAKE_USAGE[provider],
      () =>
        new ChatAnthropic({
          model: model(),
          apiKey: setup.token,
          anthropicApiUrl: `${GW}/ai-gateway/anthropic`,
          maxRetries: 0,
          clientOptions: { fetch: sdkFetch },
        }),
    );
  });

  it('usage rows name each client in user_agent', async () => {
    const rows = await waitForUsage(model(), 20);
    const agents = new Set(rows.filter((r) => r.status_code === 200).map((r) => r.user_agent));
    expect([...agents].some((ua) => /ai-sdk/.test(ua))).toBe(true);
    expect([...agents].some((ua) => /^Anthropic\/JS /.test(ua))).toBe(true);
    expect(rows.find((r) => r.streaming && r.status_code === 200)).toMatchObject({
      tokens_estimated: false,
    });
  });
});
