import { generateText, Output, stepCountIs, streamText, tool, type LanguageModel } from 'ai';
import { expect, it } from 'vitest';
import { z } from 'zod';
import { STRUCTURED, WEATHER_ARGS, WEATHER_RESULT, WEATHER_TOOL } from './script';
import type { FakeUsage } from './setup';

// The AI SDK calls every provider package must get through: generateText, streamText, a
// multi-step tool loop (streamed and not), structured output.

const weather = tool({
  description: 'The current weather in a city',
  inputSchema: z.object({ city: z.string() }),
  execute: async ({ city }) => (city === WEATHER_ARGS.city ? WEATHER_RESULT : 'unknown city'),
});

export function aiSdkCases(usage: FakeUsage, model: () => LanguageModel) {
  it('generateText', async () => {
    const result = await generateText({ model: model(), prompt: 'hello gateway', maxRetries: 0 });
    expect(result.text).toBe('echo: hello gateway');
    expect(result.finishReason).toBe('stop');
    expect(result.usage.inputTokens).toBe(usage.input);
    expect(result.usage.outputTokens).toBe(usage.output);
  });

  it('streamText', async () => {
    const result = streamText({
      model: model(),
      prompt: 'stream through the gateway',
      maxRetries: 0,
    });
    let text = '';
    for await (const delta of result.textStream) text += delta;
    expect(text).toBe('echo: stream through the gateway');
    expect((await result.usage).inputTokens).toBe(usage.input);
    expect((await result.usage).outputTokens).toBe(usage.output);
    expect(await result.finishReason).toBe('stop');
  });

  it('runs a multi-step tool loop, streaming', async () => {
    const result = streamText({
      model: model(),
      prompt: 'What is the weather in Paris?',
      tools: { [WEATHER_TOOL]: weather },
      stopWhen: stepCountIs(3),
      maxRetries: 0,
    });
    let text = '';
    for await (const delta of result.textStream) text += delta;
    const steps = await result.steps;
    expect(steps).toHaveLength(2);
    expect(steps[0].toolCalls[0]).toMatchObject({ toolName: WEATHER_TOOL, input: WEATHER_ARGS });
    expect(text).toBe(`The tool said: ${WEATHER_RESULT}`);
  });

  it('runs a multi-step tool loop with generateText', async () => {
    const result = await generateText({
      model: model(),
      prompt: 'Weather in Paris, please',
      tools: { [WEATHER_TOOL]: weather },
      stopWhen: stepCountIs(3),
      maxRetries: 0,
    });
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
}
