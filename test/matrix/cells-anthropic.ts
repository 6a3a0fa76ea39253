import type Anthropic from '@anthropic-ai/sdk';
import { expect } from 'vitest';
import { STRUCTURED, WEATHER_RESULT } from '../clients/script';
import type { Cell } from './cells';
import { ANSWERED_BOTH, PNG, STRUCTURED_SCHEMA, TWO_CITIES, TWO_RESULTS } from './script';
import { anthropicClient, chatModel, expectUsage, lastProviderBody } from './target';

// The Anthropic SDK's cells on /ai-gateway/anthropic: messages (JSON), a streamed tool round trip
// read with messages.stream(...).finalMessage() as agents do, and structured output (output_config).

const WEATHER: Anthropic.Tool = {
  name: 'get_weather',
  description: 'Weather',
  input_schema: { type: 'object', properties: { city: { type: 'string' } } },
};

export const anthropicCells: Cell[] = [
  {
    id: 'anthropic.messages',
    title: 'Anthropic SDK: messages',
    async run(t) {
      const msg = await anthropicClient(t).messages.create({
        model: chatModel(t),
        max_tokens: 256,
        system: 'Be brief.',
        messages: [{ role: 'user', content: 'Say hi' }],
      });
      expect(msg.content).toEqual([
        expect.objectContaining({ type: 'text', text: 'echo: Say hi' }),
      ]);
      expect(msg.stop_reason).toBe('end_turn');
      expectUsage(msg.usage.input_tokens, msg.usage.output_tokens);
    },
  },
  {
    id: 'anthropic.stream-tools',
    title: 'Anthropic SDK: streamed tool round trip',
    async run(t) {
      const client = anthropicClient(t);
      const messages: Anthropic.MessageParam[] = [
        { role: 'user', content: 'What is the weather in Paris?' },
      ];
      const first = await client.messages
        .stream({ model: chatModel(t), max_tokens: 256, tools: [WEATHER], messages })
        .finalMessage();
      expect(first.stop_reason).toBe('tool_use');
      const use = first.content.find((b): b is Anthropic.ToolUseBlock => b.type === 'tool_use');
      expect(use).toMatchObject({ name: 'get_weather', input: { city: 'Paris' } });
      messages.push(
        { role: 'assistant', content: first.content as Anthropic.ContentBlockParam[] },
        {
          role: 'user',
          content: [{ type: 'tool_result', tool_use_id: use!.id, content: WEATHER_RESULT }],
        },
      );
      let streamed = '';
      const stream = client.messages
        .stream({ model: chatModel(t), max_tokens: 256, tools: [WEATHER], messages })
        .on('text', (delta) => (streamed += delta));
      const second = await stream.finalMessage();
      expect(second.content).toEqual([
        expect.objectContaining({ type: 'text', text: `The tool said: ${WEATHER_RESULT}` }),
      ]);
      expect(streamed).toBe(`The tool said: ${WEATHER_RESULT}`);
      expect(second.stop_reason).toBe('end_turn');
      expectUsage(second.usage.input_tokens, second.usage.output_tokens);
    },
  },
  {
    id: 'anthropic.parallel-tools',
    title: 'Anthropic SDK: two tool_use blocks in one streamed turn, both answered',
    async run(t) {
      const client = anthropicClient(t);
      const messages: Anthropic.MessageParam[] = [{ role: 'user', content: TWO_CITIES }];
      const first = await client.messages
        .stream({ model: chatModel(t), max_tokens: 256, tools: [WEATHER], messages })
        .finalMessage();
      expect(first.stop_reason).toBe('tool_use');
      const uses = first.content.filter((b): b is Anthropic.ToolUseBlock => b.type === 'tool_use');
      expect(uses.map((u) => [u.name, (u.input as { city: string }).city])).toEqual([
        ['get_weather', 'Paris'],
        ['get_weather', 'Rome'],
      ]);
      expect(new Set(uses.map((u) => u.id)).size).toBe(2);
      messages.push(
        { role: 'assistant', content: first.content as Anthropic.ContentBlockParam[] },
        {
          role: 'user',
          content: uses.map((u, i) => ({
            type: 'tool_result' as const,
            tool_use_id: u.id,
            content: TWO_RESULTS[i],
          })),
        },
      );
      const answer = await client.messages.create({
        model: chatModel(t),
        max_tokens: 256,
        tools: [WEATHER],
        messages,
      });
      expect((answer.content.find((b) => b.type === 'text') as Anthropic.TextBlock).text).toMatch(
        ANSWERED_BOTH,
      );
    },
  },
  {
    id: 'anthropic.thinking',
    title:
      'Anthropic SDK: extended thinking asked for (thinking blocks where the provider reasons, the answer always)',
    async run(t) {
      const msg = await anthropicClient(t).messages.create({
        model: chatModel(t),
        max_tokens: 4096,
        thinking: { type: 'enabled', budget_tokens: 2048 },
        messages: [{ role: 'user', content: 'Think, then say hi' }],
      });
      expect(msg.content.at(-1)).toMatchObject({ type: 'text', text: 'echo: Think, then say hi' });
      for (const block of msg.content.slice(0, -1)) expect(block.type).toBe('thinking');
    },
  },
  {
    id: 'anthropic.image',
    title: 'Anthropic SDK: a base64 image block',
    async run(t) {
      const msg = await anthropicClient(t).messages.create({
        model: chatModel(t),
        max_tokens: 256,
        messages: [
          {
            role: 'user',
            content: [
              { type: 'image', source: { type: 'base64', media_type: 'image/png', data: PNG } },
              { type: 'text', text: 'Describe it' },
            ],
          },
        ],
      });
      expect(msg.content).toEqual([
        expect.objectContaining({ type: 'text', text: 'echo: Describe it' }),
      ]);
      expect(lastProviderBody(t)).toContain(PNG);
    },
  },
  {
    id: 'anthropic.count-tokens',
    title:
      'Anthropic SDK: count_tokens (exact from Anthropic-format providers, estimated elsewhere)',
    checksUpstream: true,
    async run(t) {
      const since = t.upstream.length;
      const { data, response } = await anthropicClient(t)
        .messages.countTokens({
          model: chatModel(t),
          system: 'Be brief.',
          tools: [WEATHER],
          messages: [{ role: 'user', content: 'What is the weather in Paris?' }],
        })
        .withResponse();
      expect(data.input_tokens).toBeGreaterThan(0);
      const asked = t.upstream.slice(since).filter((c) => c.url.includes('count'));
      expect(response.headers.get('x-gateway-token-count')).toBe(
        asked.length ? 'exact' : 'estimated',
      );
      expect(t.upstream.length - since).toBe(asked.length);
    },
  },
  {
    id: 'anthropic.structured',
    title: 'Anthropic SDK: structured output (output_config.format json_schema)',
    async run(t) {
      const msg = await anthropicClient(t).messages.create({
        model: chatModel(t),
        max_tokens: 256,
        messages: [{ role: 'user', content: 'The weather in Paris, as JSON' }],
        output_config: { format: { type: 'json_schema', schema: STRUCTURED_SCHEMA } },
      });
      expect(msg.content).toHaveLength(1);
      expect(msg.content[0].type).toBe('text');
      expect(JSON.parse((msg.content[0] as Anthropic.TextBlock).text)).toEqual(STRUCTURED);
      expect(msg.stop_reason).toBe('end_turn');
    },
  },
];
