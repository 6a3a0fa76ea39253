import { createOpenAI } from '@ai-sdk/openai';
import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import { describe, expect, it } from 'vitest';
import { GW, sdkFetch, waitForUsage } from '../helpers/gateway';
import { aiSdkCases } from './ai-sdk-cases';
import { FAKE_USAGE, PROVIDERS, setUpClientEndpoints } from './setup';

// The Vercel AI SDK's chat-completions models (@ai-sdk/openai `.chat`, @ai-sdk/openai-compatible)
// set up as a user would: base URL, the gateway token as the key, the endpoint name as the model.

const setup = setUpClientEndpoints('aisdk-user');

describe.each(PROVIDERS)('against the %s endpoint', (provider) => {
  const endpoint = () => setup.endpoints[provider];
  describe('@ai-sdk/openai chat on /ai-gateway/mlflow/v1', () => {
    aiSdkCases(FAKE_USAGE[provider], () =>
      createOpenAI({
        baseURL: `${GW}/ai-gateway/mlflow/v1`,
        apiKey: setup.token,
        fetch: sdkFetch,
      }).chat(endpoint()),
    );
  });
  describe('@ai-sdk/openai chat on /ai-gateway/openai/v1', () => {
    aiSdkCases(FAKE_USAGE[provider], () =>
      createOpenAI({
        baseURL: `${GW}/ai-gateway/openai/v1`,
        apiKey: setup.token,
        fetch: sdkFetch,
      }).chat(endpoint()),
    );
  });
  describe('@ai-sdk/openai-compatible on /serving-endpoints', () => {
    aiSdkCases(FAKE_USAGE[provider], () =>
      createOpenAICompatible({
        name: 'gateway',
        baseURL: `${GW}/serving-endpoints`,
        apiKey: setup.token,
        includeUsage: true,
        fetch: sdkFetch,
      }).chatModel(endpoint()),
    );
  });

  it('usage rows name the client in user_agent and record streaming with real token counts', async () => {
    const rows = await waitForUsage(endpoint(), 15);
    const streamed = rows.find((r) => r.streaming && r.status_code === 200);
    expect(streamed).toMatchObject({ requester: 'aisdk-user', tokens_estimated: false });
    expect(streamed.input_tokens).toBeGreaterThan(0);
    expect(streamed.user_agent).toMatch(/ai-sdk/);
    expect(rows.some((r) => !r.streaming && r.status_code === 200)).toBe(true);
  });
});
