import {
  Type,
  type Content,
  type FunctionDeclaration,
  type GenerateContentResponse,
  type Part,
} from '@google/genai';
import { expect } from 'vitest';
import { STRUCTURED, WEATHER_RESULT } from '../clients/script';
import type { Cell } from './cells';
import { ANSWERED_BOTH, PNG, STRUCTURED_SCHEMA, TWO_CITIES, TWO_RESULTS } from './script';
import {
  chatModel,
  expectUsage,
  geminiClient,
  lastProviderBody,
  type MatrixTarget,
} from './target';

// The @google/genai cells on /ai-gateway/gemini: generateContent, generateContentStream, a
// function-call round trip (streamed and not: the call must arrive with finishReason STOP, as
// Gemini sends it, and never be lost), and structured output (responseJsonSchema).

const WEATHER: FunctionDeclaration = {
  name: 'get_weather',
  description: 'Weather',
  parametersJsonSchema: {
    type: 'object',
    properties: { city: { type: 'string' } },
    required: ['city'],
  },
};

/** Streams a request and gathers what a chat client keeps: the model's parts and the last chunk. */
async function streamParts(
  t: MatrixTarget,
  contents: Content[],
  config: Record<string, unknown> = {},
) {
  const parts: Part[] = [];
  const chunks: GenerateContentResponse[] = [];
  for await (const chunk of await geminiClient(t).models.generateContentStream({
    model: chatModel(t),
    contents,
    config,
  })) {
    chunks.push(chunk);
    parts.push(...(chunk.candidates?.[0]?.content?.parts ?? []));
  }
  return { parts, chunks, last: chunks.at(-1)! };
}

const textOf = (parts: Part[]) =>
  parts
    .filter((p) => !p.thought)
    .map((p) => p.text ?? '')
    .join('');

export const geminiCells: Cell[] = [
  {
    id: 'gemini.generate',
    title: 'Gemini SDK: generateContent',
    async run(t) {
      const res = await geminiClient(t).models.generateContent({
        model: chatModel(t),
        contents: 'Say hi',
        config: { systemInstruction: 'Be brief.' },
      });
      expect(res.text).toBe('echo: Say hi');
      expect(res.candidates?.[0].finishReason).toBe('STOP');
      expectUsage(res.usageMetadata?.promptTokenCount, res.usageMetadata?.candidatesTokenCount);
      expect(res.usageMetadata?.totalTokenCount).toBeGreaterThanOrEqual(
        res.usageMetadata!.promptTokenCount! + res.usageMetadata!.candidatesTokenCount!,
      );
    },
  },
  {
    id: 'gemini.stream',
    title: 'Gemini SDK: generateContentStream',
    async run(t) {
      const { parts, chunks, last } = await streamParts(t, [
        { role: 'user', parts: [{ text: 'Stream a greeting' }] },
      ]);
      expect(textOf(parts)).toBe('echo: Stream a greeting');
      expect(chunks.length).toBeGreaterThan(2);
      expect(last.candidates?.[0].finishReason).toBe('STOP');
      expectUsage(last.usageMetadata?.promptTokenCount, last.usageMetadata?.candidatesTokenCount);
    },
  },
  {
    id: 'gemini.tools',
    title: 'Gemini SDK: function-call round trip, streamed and not',
    async run(t) {
      const config = { tools: [{ functionDeclarations: [WEATHER] }] };
      const contents: Content[] = [
        { role: 'user', parts: [{ text: 'What is the weather in Paris?' }] },
      ];
      const json = await geminiClient(t).models.generateContent({
        model: chatModel(t),
        contents,
        config,
      });
      expect(json.candidates?.[0].finishReason).toBe('STOP');
      expect(json.functionCalls).toEqual([
        expect.objectContaining({ name: 'get_weather', args: { city: 'Paris' } }),
      ]);
      const streamed = await streamParts(t, contents, config);
      expect(streamed.last.candidates?.[0].finishReason).toBe('STOP');
      const calls = streamed.parts.filter((p) => p.functionCall);
      expect(calls).toHaveLength(1);
      expect(calls[0].functionCall).toMatchObject({ name: 'get_weather', args: { city: 'Paris' } });
      const answer = await geminiClient(t).models.generateContent({
        model: chatModel(t),
        contents: [
          ...contents,
          { role: 'model', parts: streamed.parts },
          {
            role: 'user',
            parts: [
              {
                functionResponse: {
                  id: calls[0].functionCall!.id,
                  name: 'get_weather',
                  response: { result: WEATHER_RESULT },
                },
              },
            ],
          },
        ],
        config,
      });
      expect(answer.text).toBe(`The tool said: ${WEATHER_RESULT}`);
      expect(answer.candidates?.[0].finishReason).toBe('STOP');
    },
  },
  {
    id: 'gemini.parallel-tools',
    title: 'Gemini SDK: two function calls in one streamed turn, both answered',
    async run(t) {
      const config = { tools: [{ functionDeclarations: [WEATHER] }] };
      const contents: Content[] = [{ role: 'user', parts: [{ text: TWO_CITIES }] }];
      const { parts, last } = await streamParts(t, contents, config);
      expect(last.candidates?.[0].finishReason).toBe('STOP');
      const calls = parts.filter((p) => p.functionCall).map((p) => p.functionCall!);
      expect(calls.map((c) => [c.name, c.args?.city])).toEqual([
        ['get_weather', 'Paris'],
        ['get_weather', 'Rome'],
      ]);
      const answer = await geminiClient(t).models.generateContent({
        model: chatModel(t),
        contents: [
          ...contents,
          { role: 'model', parts },
          {
            role: 'user',
            parts: calls.map((c, i) => ({
              functionResponse: { id: c.id, name: c.name, response: { result: TWO_RESULTS[i] } },
            })),
          },
        ],
        config,
      });
      expect(answer.text).toMatch(ANSWERED_BOTH);
    },
  },
  {
    id: 'gemini.image',
    title: 'Gemini SDK: an inlineData image',
    async run(t) {
      const res = await geminiClient(t).models.generateContent({
        model: chatModel(t),
        contents: [
          {
            role: 'user',
            parts: [{ inlineData: { mimeType: 'image/png', data: PNG } }, { text: 'Describe it' }],
          },
        ],
      });
      expect(res.text).toBe('echo: Describe it');
      expect(lastProviderBody(t)).toContain(PNG);
    },
  },
  {
    id: 'gemini.count-tokens',
    title: 'Gemini SDK: countTokens',
    checksUpstream: true,
    async run(t) {
      const res = await geminiClient(t).models.countTokens({
        model: chatModel(t),
        contents: 'How many tokens is this sentence?',
      });
      expect(res.totalTokens).toBeGreaterThan(0);
    },
  },
  {
    id: 'gemini.structured',
    title:
      'Gemini SDK: structured output (responseJsonSchema, and responseSchema in the OpenAPI subset)',
    async run(t) {
      const openApi = {
        type: Type.OBJECT,
        properties: { city: { type: Type.STRING }, temperature: { type: Type.NUMBER } },
        required: ['city', 'temperature'],
      };
      for (const schema of [
        { responseJsonSchema: STRUCTURED_SCHEMA },
        { responseSchema: openApi },
      ]) {
        const res = await geminiClient(t).models.generateContent({
          model: chatModel(t),
          contents: 'The weather in Paris, as JSON',
          config: { responseMimeType: 'application/json', ...schema },
        });
        expect(JSON.parse(res.text!)).toEqual(STRUCTURED);
        expect(res.candidates?.[0].finishReason).toBe('STOP');
      }
    },
  },
];

export const geminiEmbeddingsCells: Cell[] = [
  {
    id: 'gemini.embed',
    title: 'Gemini SDK: embedContent, a batch',
    needs: 'embeddings',
    async run(t) {
      for (const model of Object.values(t.embeddings!)) {
        const res = await geminiClient(t).models.embedContent({
          model,
          contents: ['abc', 'hello'],
        });
        expect(res.embeddings).toHaveLength(2);
        for (const e of res.embeddings!)
          expect(e.values!.length > 0 && e.values!.every((x) => Number.isFinite(x))).toBe(true);
        expect(res.embeddings![0].values).not.toEqual(res.embeddings![1].values);
      }
    },
  },
];
