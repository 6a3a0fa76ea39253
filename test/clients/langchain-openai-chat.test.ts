import { ChatOpenAI } from '@langchain/openai';
import { HumanMessage, ToolMessage, type AIMessage } from '@langchain/core/messages';
import { tool } from '@langchain/core/tools';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { GW, sdkFetch, waitForUsage } from '../helpers/gateway';
import { STRUCTURED, WEATHER_ARGS, WEATHER_RESULT, WEATHER_TOOL } from './script';
import { setUpClientEndpoints } from './setup';

// LangChain JS ChatOpenAI on chat completions, set up as a user would (base URL, token, endpoint name).

const setup = setUpClientEndpoints('langchain-user');

const chat = (base: string) => new ChatOpenAI({ model: setup.endpoints.openai, apiKey: setup.token, maxRetries: 0, configuration: { baseURL: `${GW}${base}`, fetch: sdkFetch } });

const weather = tool(async ({ city }) => (city === WEATHER_ARGS.city ? WEATHER_RESULT : 'unknown city'), {
  name: WEATHER_TOOL,
  description: 'The current weather in a city',
  schema: z.object({ city: z.string() }),
});

describe.each([['/ai-gateway/mlflow/v1'], ['/serving-endpoints']])('ChatOpenAI at %s', (base) => {
  it('invoke', async () => {
    const res = await chat(base).invoke('hello langchain');
    expect(res.content).toBe('echo: hello langchain');
    expect(res.usage_metadata).toMatchObject({ input_tokens: 11, output_tokens: 7 });
  });

  it('stream', async () => {
    let text = '';
    let usage: unknown;
    for await (const chunk of await chat(base).stream('stream langchain')) {
      text += chunk.content as string;
      if (chunk.usage_metadata) usage = chunk.usage_metadata;
    }
    expect(text).toBe('echo: stream langchain');
    expect(usage).toMatchObject({ input_tokens: 11, output_tokens: 7 });
  });

  it('bindTools round trip', async () => {
    const model = chat(base).bindTools([weather]);
    const messages: (HumanMessage | AIMessage | ToolMessage)[] = [new HumanMessage('What is the weather in Paris?')];
    const first = await model.invoke(messages);
    expect(first.tool_calls).toHaveLength(1);
    expect(first.tool_calls![0]).toMatchObject({ name: WEATHER_TOOL, args: WEATHER_ARGS });
    messages.push(first, await weather.invoke(first.tool_calls![0]));
    const second = await model.invoke(messages);
    expect(second.content).toBe(`The tool said: ${WEATHER_RESULT}`);
  });

  it('withStructuredOutput', async () => {
    const structured = chat(base).withStructuredOutput(z.object({ city: z.string(), temperature: z.number() }), { name: 'weather_report' });
    expect(await structured.invoke('Weather in Paris as JSON')).toEqual(STRUCTURED);
  });
});

describe('LangChain usage rows', () => {
  it('name the client in user_agent', async () => {
    const rows = await waitForUsage(setup.endpoints.openai, 10);
    const streamed = rows.find((r) => r.streaming && r.status_code === 200);
    expect(streamed).toMatchObject({ requester: 'langchain-user', input_tokens: 11, output_tokens: 7, tokens_estimated: false });
    expect(streamed.user_agent).toMatch(/^langchainjs-openai\//);
  });
});
