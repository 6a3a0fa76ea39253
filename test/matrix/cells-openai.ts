import type OpenAI from 'openai';
import { expect } from 'vitest';
import { STRUCTURED, WEATHER_RESULT } from '../clients/script';
import { collectChatStream, WEATHER_TOOL } from '../helpers/openai-client';
import type { Cell } from './cells';
import { ANSWERED_BOTH, PNG, STRUCTURED_SCHEMA, TWO_CITIES, TWO_RESULTS } from './script';
import {
  chatModel,
  expectUsage,
  lastProviderBody,
  openaiClient,
  type MatrixTarget,
} from './target';

// The OpenAI SDK's cells: chat (JSON, stream with usage, streamed tool round trip, structured
// output), the Responses API (JSON, stream, function-call round trip) and embeddings. They spread
// over the three OpenAI base URLs, so every OpenAI front door is driven against every provider.

const QUESTION = 'What is the weather in Paris?';
const FINAL = `The tool said: ${WEATHER_RESULT}`;
const RESPONSES_TOOL = {
  type: 'function' as const,
  name: WEATHER_TOOL.function.name,
  description: 'Weather',
  parameters: WEATHER_TOOL.function.parameters!,
  strict: false,
};

export const openaiCells: Cell[] = [
  {
    id: 'openai.chat',
    title: 'OpenAI SDK: chat completion (unified route)',
    async run(t) {
      const res = await openaiClient(t).chat.completions.create({
        model: chatModel(t),
        messages: [
          { role: 'system', content: 'Be brief.' },
          { role: 'user', content: 'Say hi' },
        ],
      });
      expect(res.choices[0].message.content).toBe('echo: Say hi');
      expect(res.choices[0].finish_reason).toBe('stop');
      expectUsage(res.usage?.prompt_tokens, res.usage?.completion_tokens, res.usage?.total_tokens);
    },
  },
  {
    id: 'openai.chat-stream',
    title: 'OpenAI SDK: chat stream with usage (native route)',
    async run(t) {
      const stream = await openaiClient(t, '/ai-gateway/openai/v1').chat.completions.create({
        model: chatModel(t),
        messages: [{ role: 'user', content: 'Stream a greeting' }],
        stream: true,
        stream_options: { include_usage: true },
      });
      const { text, finish, usage, chunks } = await collectChatStream(stream);
      expect(text).toBe('echo: Stream a greeting');
      expect(finish).toBe('stop');
      expect(chunks.length).toBeGreaterThan(2);
      expect(chunks.at(-1)!.choices).toEqual([]);
      expectUsage(usage?.prompt_tokens, usage?.completion_tokens, usage?.total_tokens);
    },
  },
  {
    id: 'openai.chat-tools',
    title: 'OpenAI SDK: streamed tool round trip (serving-endpoints route)',
    async run(t) {
      const client = openaiClient(t, '/serving-endpoints');
      const messages: OpenAI.ChatCompletionMessageParam[] = [{ role: 'user', content: QUESTION }];
      const first = await collectChatStream(
        await client.chat.completions.create({
          model: chatModel(t),
          messages,
          tools: [WEATHER_TOOL],
          stream: true,
        }),
      );
      expect(first.finish).toBe('tool_calls');
      expect(first.toolName).toBe('get_weather');
      expect(JSON.parse(first.toolArgs)).toEqual({ city: 'Paris' });
      const id = first.chunks
        .flatMap((c) => c.choices[0]?.delta?.tool_calls ?? [])
        .find((c) => c.id)?.id;
      expect(id).toBeTruthy();
      messages.push(
        {
          role: 'assistant',
          content: first.text || null,
          tool_calls: [
            {
              id: id!,
              type: 'function',
              function: { name: first.toolName, arguments: first.toolArgs },
            },
          ],
        },
        { role: 'tool', tool_call_id: id!, content: WEATHER_RESULT },
      );
      const second = await collectChatStream(
        await client.chat.completions.create({
          model: chatModel(t),
          messages,
          tools: [WEATHER_TOOL],
          stream: true,
        }),
      );
      expect(second.text).toBe(FINAL);
      expect(second.finish).toBe('stop');
    },
  },
  {
    id: 'openai.tool-choice',
    title: 'OpenAI SDK: a named tool_choice forces that tool',
    async run(t) {
      const res = await openaiClient(t).chat.completions.create({
        model: chatModel(t),
        messages: [{ role: 'user', content: 'Paris, please' }],
        tools: [WEATHER_TOOL],
        tool_choice: { type: 'function', function: { name: 'get_weather' } },
      });
      expect(res.choices[0].finish_reason).toBe('tool_calls');
      const call = res.choices[0].message.tool_calls?.[0];
      expect(call?.type === 'function' && call.function.name).toBe('get_weather');
    },
  },
  {
    id: 'openai.parallel-tools',
    title: 'OpenAI SDK: two tool calls in one streamed turn, both answered',
    async run(t) {
      const client = openaiClient(t);
      const messages: OpenAI.ChatCompletionMessageParam[] = [{ role: 'user', content: TWO_CITIES }];
      const stream = await client.chat.completions.create({
        model: chatModel(t),
        messages,
        tools: [WEATHER_TOOL],
        stream: true,
      });
      const calls: { id: string; name: string; args: string }[] = [];
      let finish: string | null = null;
      for await (const chunk of stream) {
        for (const d of chunk.choices[0]?.delta?.tool_calls ?? []) {
          calls[d.index] ??= { id: '', name: '', args: '' };
          calls[d.index].id += d.id ?? '';
          calls[d.index].name += d.function?.name ?? '';
          calls[d.index].args += d.function?.arguments ?? '';
        }
        finish = chunk.choices[0]?.finish_reason ?? finish;
      }
      expect(finish).toBe('tool_calls');
      expect(calls.map((c) => [c.name, JSON.parse(c.args).city])).toEqual([
        ['get_weather', 'Paris'],
        ['get_weather', 'Rome'],
      ]);
      expect(new Set(calls.map((c) => c.id)).size).toBe(2);
      messages.push(
        {
          role: 'assistant',
          content: null,
          tool_calls: calls.map((c) => ({
            id: c.id,
            type: 'function' as const,
            function: { name: c.name, arguments: c.args },
          })),
        },
        ...calls.map((c, i) => ({
          role: 'tool' as const,
          tool_call_id: c.id,
          content: TWO_RESULTS[i],
        })),
      );
      const answer = await client.chat.completions.create({
        model: chatModel(t),
        messages,
        tools: [WEATHER_TOOL],
      });
      expect(answer.choices[0].message.content).toMatch(ANSWERED_BOTH);
    },
  },
  {
    id: 'openai.image',
    title: 'OpenAI SDK: an image as a data URI',
    async run(t) {
      const res = await openaiClient(t).chat.completions.create({
        model: chatModel(t),
        messages: [
          {
            role: 'user',
            content: [
              { type: 'image_url', image_url: { url: `data:image/png;base64,${PNG}` } },
              { type: 'text', text: 'Describe it' },
            ],
          },
        ],
      });
      expect(res.choices[0].message.content).toBe('echo: Describe it');
      expect(lastProviderBody(t)).toContain(PNG);
    },
  },
  {
    id: 'openai.structured',
    title: 'OpenAI SDK: structured output (response_format json_schema)',
    async run(t) {
      const res = await openaiClient(t).chat.completions.create({
        model: chatModel(t),
        messages: [{ role: 'user', content: 'The weather in Paris, as JSON' }],
        response_format: {
          type: 'json_schema',
          json_schema: { name: 'weather', schema: STRUCTURED_SCHEMA, strict: true },
        },
      });
      expect(JSON.parse(res.choices[0].message.content!)).toEqual(STRUCTURED);
      expect(res.choices[0].finish_reason).toBe('stop');
      expect(res.choices[0].message.tool_calls ?? []).toEqual([]);
    },
  },
  {
    id: 'responses.create',
    title: 'OpenAI SDK: Responses API (native route)',
    async run(t) {
      const res = await openaiClient(t, '/ai-gateway/openai/v1').responses.create({
        model: chatModel(t),
        instructions: 'Be brief.',
        input: 'Say hi',
      });
      expect(res.output_text).toBe('echo: Say hi');
      expect(res.status).toBe('completed');
      expectUsage(res.usage?.input_tokens, res.usage?.output_tokens, res.usage?.total_tokens);
    },
  },
  {
    id: 'responses.stream',
    title: 'OpenAI SDK: Responses API stream (unified route)',
    async run(t) {
      const events: string[] = [];
      let text = '';
      const stream = openaiClient(t).responses.stream({
        model: chatModel(t),
        input: [{ role: 'user', content: [{ type: 'input_text', text: 'Stream a greeting' }] }],
      });
      stream.on('event', (e) => events.push(e.type));
      stream.on('response.output_text.delta', (e) => (text += e.delta));
      const final = await stream.finalResponse();
      expect(text).toBe('echo: Stream a greeting');
      expect(final.output_text).toBe(text);
      expect(events.slice(0, 2)).toEqual(['response.created', 'response.in_progress']);
      expect(events.at(-1)).toBe('response.completed');
      expectUsage(final.usage?.input_tokens, final.usage?.output_tokens, final.usage?.total_tokens);
    },
  },
  {
    id: 'responses.structured',
    title: 'OpenAI SDK: Responses structured output (text.format json_schema)',
    async run(t) {
      const res = await openaiClient(t).responses.create({
        model: chatModel(t),
        input: 'The weather in Paris, as JSON',
        text: {
          format: { type: 'json_schema', name: 'weather', schema: STRUCTURED_SCHEMA, strict: true },
        },
      });
      expect(JSON.parse(res.output_text)).toEqual(STRUCTURED);
      expect(res.output.filter((i) => i.type === 'function_call')).toEqual([]);
    },
  },
  {
    id: 'responses.tools',
    title:
      'OpenAI SDK: Responses function-call round trip, the call streamed (serving-endpoints route)',
    async run(t) {
      const client = openaiClient(t, '/serving-endpoints');
      let args = '';
      const stream = client.responses
        .stream({ model: chatModel(t), input: QUESTION, tools: [RESPONSES_TOOL] })
        .on('response.function_call_arguments.delta', (e) => (args += e.delta));
      const first = await stream.finalResponse();
      const call = first.output.find((i) => i.type === 'function_call');
      if (call?.type !== 'function_call')
        throw new Error(`no function call in ${JSON.stringify(first.output)}`);
      expect(args).toBe(call.arguments);
      expect(call.name).toBe('get_weather');
      expect(JSON.parse(call.arguments)).toEqual({ city: 'Paris' });
      const second = await client.responses.create({
        model: chatModel(t),
        tools: [RESPONSES_TOOL],
        input: [
          { role: 'user', content: QUESTION },
          {
            type: 'function_call',
            call_id: call.call_id,
            name: call.name,
            arguments: call.arguments,
          },
          { type: 'function_call_output', call_id: call.call_id, output: WEATHER_RESULT },
        ],
      });
      expect(second.output_text).toBe(FINAL);
    },
  },
];

export const completionsCells: Cell[] = [
  {
    id: 'openai.completions',
    title:
      'OpenAI SDK: legacy completions, JSON (unified route) and streamed (serving-endpoints route)',
    needs: 'completions',
    async run(t) {
      // Passed through to providers with /completions ("completed: …"), translated to chat elsewhere ("echo: …").
      const said = /^(completed|echo): Once upon a time$/;
      const res = await openaiClient(t).completions.create({
        model: t.completions!,
        prompt: 'Once upon a time',
        max_tokens: 32,
      });
      expect(res.choices[0].text).toMatch(said);
      expect(res.choices[0].finish_reason).toBe('stop');
      expectUsage(res.usage?.prompt_tokens, res.usage?.completion_tokens, res.usage?.total_tokens);
      const stream = await openaiClient(t, '/serving-endpoints').completions.create({
        model: t.completions!,
        prompt: 'Once upon a time',
        stream: true,
        stream_options: { include_usage: true },
      });
      let text = '';
      let usage: OpenAI.CompletionUsage | undefined;
      for await (const chunk of stream) {
        text += chunk.choices[0]?.text ?? '';
        usage = chunk.usage ?? usage;
      }
      expect(text).toMatch(said);
      expectUsage(usage?.prompt_tokens, usage?.completion_tokens, usage?.total_tokens);
    },
  },
];

export const embeddingsCells: Cell[] = [
  {
    id: 'openai.embeddings',
    title: 'OpenAI SDK: embeddings, a batch (SDK default base64, and float on serving-endpoints)',
    needs: 'embeddings',
    async run(t: MatrixTarget) {
      for (const model of Object.values(t.embeddings!)) {
        const res = await openaiClient(t).embeddings.create({ model, input: ['abc', 'hello'] });
        expect(res.data.map((d) => d.index)).toEqual([0, 1]);
        for (const d of res.data)
          expect(d.embedding.every((x) => typeof x === 'number' && Number.isFinite(x))).toBe(true);
        expect(res.data[0].embedding.length).toBeGreaterThan(0);
        expect(res.usage.prompt_tokens).toBeGreaterThan(0);
        const float = await openaiClient(t, '/serving-endpoints').embeddings.create({
          model,
          input: 'abc',
          encoding_format: 'float',
        });
        expect(float.data[0].embedding).toEqual(res.data[0].embedding);
      }
    },
  },
];
