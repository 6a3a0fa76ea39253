import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import { HumanMessage, type BaseMessage } from '@langchain/core/messages';
import { tool } from '@langchain/core/tools';
import { expect, it } from 'vitest';
import { z } from 'zod';
import { STRUCTURED, WEATHER_ARGS, WEATHER_RESULT, WEATHER_TOOL } from './script';
import type { FakeUsage } from './setup';

// The LangChain calls every chat model class must get through: invoke, stream, a bindTools
// round trip, withStructuredOutput.

const weather = tool(
  async ({ city }) => (city === WEATHER_ARGS.city ? WEATHER_RESULT : 'unknown city'),
  {
    name: WEATHER_TOOL,
    description: 'The current weather in a city',
    schema: z.object({ city: z.string() }),
  },
);

/** LangChain may give content as a string or as content blocks. */
const textOf = (content: unknown) =>
  typeof content === 'string' ? content : (content as any[]).map((b) => b.text ?? '').join('');

export function langChainCases(usage: FakeUsage, chat: () => BaseChatModel) {
  it('invoke', async () => {
    const res = await chat().invoke('hello langchain');
    expect(textOf(res.content)).toBe('echo: hello langchain');
    expect(res.usage_metadata).toMatchObject({
      input_tokens: usage.input,
      output_tokens: usage.output,
    });
  });

  it('stream', async () => {
    let text = '';
    const usages: { input_tokens: number; output_tokens: number }[] = [];
    for await (const chunk of await chat().stream('stream langchain')) {
      text += textOf(chunk.content);
      if (chunk.usage_metadata) usages.push(chunk.usage_metadata);
    }
    expect(text).toBe('echo: stream langchain');
    // ChatAnthropic reads input tokens from message_start only and the final count from message_delta.
    expect(usages[0].input_tokens).toBeGreaterThan(0);
    expect(usages.at(-1)!.output_tokens).toBe(usage.output);
  });

  it('bindTools round trip', async () => {
    const model = chat().bindTools!([weather]);
    const messages: BaseMessage[] = [new HumanMessage('What is the weather in Paris?')];
    const first = await model.invoke(messages);
    expect(first.tool_calls).toHaveLength(1);
    expect(first.tool_calls![0]).toMatchObject({ name: WEATHER_TOOL, args: WEATHER_ARGS });
    messages.push(first, await weather.invoke(first.tool_calls![0]));
    const second = await model.invoke(messages);
    expect(textOf(second.content)).toBe(`The tool said: ${WEATHER_RESULT}`);
  });

  it('withStructuredOutput', async () => {
    const structured = chat().withStructuredOutput(
      z.object({ city: z.string(), temperature: z.number() }),
      { name: 'weather_report' },
    );
    expect(await structured.invoke('Weather in Paris as JSON')).toEqual(STRUCTURED);
  });
}
