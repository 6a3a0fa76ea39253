import { createOpenAI } from '@ai-sdk/openai';
import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import { generateText, Output, stepCountIs, streamText, tool, type LanguageModel } from 'ai';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { GW, sdkFetch, waitForUsage } from '../helpers/gateway';
import { STRUCTURED, WEATHER_ARGS, WEATHER_RESULT, WEATHER_TOOL } from './script';
import { setUpClientEndpoints } from './setup';

// The Vercel AI SDK's chat-completions models (@ai-sdk/openai `.chat`, @ai-sdk/openai-compatible)
// set up as a user would: base URL, the gateway token as the key, the endpoint name as the model.

const setup = setUpClientEndpoints('aisdk-user');

const models: [string, () => LanguageModel][] = [
  ['@ai-sdk/openai chat on /ai-gateway/mlflow/v1', () => createOpenAI({ baseURL: `${GW}/ai-gateway/mlflow/v1`, apiKey: setup.token, fetch: sdkFetch }).chat(setup.endpoints.openai)],
  ['@ai-sdk/openai chat on /ai-gateway/openai/v1', () => createOpenAI({ baseURL: `${GW}/ai-gateway/openai/v1`, apiKey: setup.token, fetch: sdkFetch }).chat(setup.endpoints.openai)],
  [
    '@ai-sdk/openai-compatible on /serving-endpoints',
    () => createOpenAICompatible({ name: 'gateway', baseURL: `${GW}/serving-endpoints`, apiKey: setup.token, includeUsage: true, fetch: sdkFetch }).chatModel(setup.endpoints.openai),
  ],
];

const weather = tool({
  description: 'The current weather in a city',
  inputSchema: z.object({ city: z.string() }),
  execute: async ({ city }) => (city === WEATHER_ARGS.city ? WEATHER_RESULT : 'unknown city'),
});

describe.each(models)('%s', (_name, model) => {
  it('generateText', async () => {
    const result = await generateText({ model: model(), prompt: 'hello gateway', maxRetries: 0 });
    expect(result.text).toBe('echo: hello gateway');
    expect(result.finishReason).toBe('stop');
    expect(result.usage.inputTokens).toBe(11);
    expect(result.usage.outputTokens).toBe(7);
  });

  it('streamText', async () => {
    const result = streamText({ model: model(), prompt: 'stream through the gateway', maxRetries: 0 });
    let text = '';
    for await (const delta of result.textStream) text += delta;
    expect(text).toBe('echo: stream through the gateway');
    expect((await result.usage).inputTokens).toBe(11);
    expect(await result.finishReason).toBe('stop');
  });

  it('runs a multi-step tool loop, streaming', async () => {
    const result = streamText({ model: model(), prompt: 'What is the weather in Paris?', tools: { [WEATHER_TOOL]: weather }, stopWhen: stepCountIs(3), maxRetries: 0 });
    let text = '';
    for await (const delta of result.textStream) text += delta;
    const steps = await result.steps;
    expect(steps).toHaveLength(2);
    expect(steps[0].toolCalls[0]).toMatchObject({ toolName: WEATHER_TOOL, input: WEATHER_ARGS });
    expect(text).toBe(`The tool said: ${WEATHER_RESULT}`);
  });

  it('runs a multi-step tool loop with generateText', async () => {
    const result = await generateText({ model: model(), prompt: 'Weather in Paris, please', tools: { [WEATHER_TOOL]: weather }, stopWhen: stepCountIs(3), maxRetries: 0 });
    expect(result.steps.map((s) => s.finishReason)).toEqual(['tool-calls', 'stop']);
    expect(result.text).toBe(`The tool said: ${WEATHER_RESULT}`);
  });

  it('returns structured output with Output.object', async () => {
    const result = await generateText({
      model: model(),
      prompt: 'Give me the weather as JSON',
      output: Output.object({ schema: z.object({ city: z.string(), temperature: z.number() }) }),
      maxRetries: 0,
    });
    expect(result.output).toEqual(STRUCTURED);
  });
});

describe('AI SDK usage rows', () => {
  it('name the client in user_agent and record streaming with real token counts', async () => {
    const rows = await waitForUsage(setup.endpoints.openai, 10);
    const streamed = rows.find((r) => r.streaming && r.status_code === 200);
    expect(streamed).toMatchObject({ requester: 'aisdk-user', input_tokens: 11, output_tokens: 7, tokens_estimated: false });
    expect(streamed.user_agent).toMatch(/ai-sdk/);
    expect(rows.some((r) => !r.streaming && r.status_code === 200)).toBe(true);
  });
});
