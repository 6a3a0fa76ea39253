import { createGoogleGenerativeAI } from '@ai-sdk/google';
import { createOpenAI } from '@ai-sdk/openai';
import { ChatOpenAI } from '@langchain/openai';
import { describe, expect, it } from 'vitest';
import { GW, sdkFetch, waitForUsage } from '../helpers/gateway';
import { aiSdkCases } from './ai-sdk-cases';
import { langChainCases } from './langchain-cases';
import { FAKE_USAGE, PROVIDERS, setUpClientEndpoints } from './setup';

// The libraries' Responses-API and Gemini models: @ai-sdk/openai's default (Responses) model,
// which sends earlier assistant turns as item_reference items, LangChain's ChatOpenAI with
// useResponsesApi, and @ai-sdk/google on the Gemini route.

const setup = setUpClientEndpoints('responses-libs');

describe.each(PROVIDERS)('against the %s endpoint', (provider) => {
  const model = () => setup.endpoints[provider];
  // An OpenAI endpoint takes Responses requests untranslated.
  const responsesUsage = provider === 'openai' ? FAKE_USAGE.openaiResponses : FAKE_USAGE[provider];
  describe('@ai-sdk/openai responses model on /ai-gateway/mlflow/v1', () => {
    aiSdkCases(responsesUsage, () =>
      createOpenAI({ baseURL: `${GW}/ai-gateway/mlflow/v1`, apiKey: setup.token, fetch: sdkFetch })(
        model(),
      ),
    );
  });
  describe('@ai-sdk/openai responses model on /ai-gateway/openai/v1', () => {
    aiSdkCases(responsesUsage, () =>
      createOpenAI({
        baseURL: `${GW}/ai-gateway/openai/v1`,
        apiKey: setup.token,
        fetch: sdkFetch,
      }).responses(model()),
    );
  });
  describe('LangChain ChatOpenAI with useResponsesApi', () => {
    langChainCases(
      responsesUsage,
      () =>
        new ChatOpenAI({
          model: model(),
          apiKey: setup.token,
          useResponsesApi: true,
          maxRetries: 0,
          configuration: { baseURL: `${GW}/ai-gateway/mlflow/v1`, fetch: sdkFetch },
        }),
    );
  });
  describe('@ai-sdk/google on /ai-gateway/gemini/v1beta', () => {
    aiSdkCases(FAKE_USAGE[provider], () =>
      createGoogleGenerativeAI({
        baseURL: `${GW}/ai-gateway/gemini/v1beta`,
        apiKey: setup.token,
        fetch: sdkFetch,
      })(model()),
    );
  });

  it('usage rows name each client and record streaming', async () => {
    const rows = await waitForUsage(model(), 20);
    const ok = rows.filter((r) => r.status_code === 200);
    expect(ok.some((r) => r.api_type === 'responses' && r.streaming && !r.tokens_estimated)).toBe(
      true,
    );
    expect(
      ok.some((r) => r.api_type === 'gemini/generateContent' && /ai-sdk/.test(r.user_agent)),
    ).toBe(true);
  });
});
